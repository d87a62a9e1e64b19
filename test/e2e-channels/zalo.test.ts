// The WHOLE app with ZALO_BOT_TOKEN/ZALO_API_BASE pointed at the fake Zalo platform, in webhook and
// long-polling mode: a person goes through intake typing digits, number words and option words without
// diacritics; crisis triage; "my requests"; data deletion; media; duplicates; a wrong secret; a 429.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FakeZaloBotApi } from "../fakes/zalo-bot-api.ts";
import { ZaloTestUser } from "../fakes/zalo-test-user.ts";
import { startTestApp, type TestApp } from "../helpers/start-app.ts";
import { captureLogger } from "../unit/channels/zalo/zalo-test-kit.ts";

const PUBLIC_URL = "https://chat.example.org";
type Mode = "webhook" | "polling";

describe.each<Mode>(["webhook", "polling"])("Zalo end to end (%s mode)", (mode) => {
  let fake: FakeZaloBotApi;
  let app: TestApp;
  const log = captureLogger();
  let receiver = "http://127.0.0.1:9"; // known once the app listens; the setWebhook probe before that just fails

  beforeAll(async () => {
    fake = await FakeZaloBotApi.start({ resolveWebhookUrl: (url) => url.replace(PUBLIC_URL, receiver) });
    const env = { ZALO_BOT_TOKEN: fake.token, ZALO_API_BASE: fake.baseUrl, ...(mode === "webhook" ? { PUBLIC_URL } : {}) };
    app = await startTestApp({ env, logger: log.logger, zaloRetry: { baseDelayMs: 10, maxDelayMs: 100 } });
    receiver = app.url;
    const ready = mode === "webhook" ? () => fake.callsOf("setWebhook").length > 0 : () => fake.heldPolls > 0;
    await fake.waitFor(ready, undefined, `the app to start Zalo ${mode} (is Zalo wired in src/messengers.ts?)`);
  });
  afterAll(async () => {
    await app?.stop();
    await fake?.close();
  });

  const user = () => new ZaloTestUser(fake, { settle: () => app.engine.drain() });

  it("registers the webhook at PUBLIC_URL/webhooks/zalo, or long-polls after deleteWebhook", () => {
    if (mode === "webhook") {
      expect(fake.callsOf("setWebhook")[0]?.params.url).toBe(`${PUBLIC_URL}/webhooks/zalo`);
    } else {
      expect(fake.calls.map((c) => c.method)).toEqual(expect.arrayContaining(["getMe", "deleteWebhook", "getUpdates"]));
      expect(fake.callsOf("setWebhook")).toHaveLength(0);
    }
  });

  it("takes a person through intake with digits, number words and words without diacritics", async () => {
    const u = user();
    const welcome = await u.say("xin chao");
    expect(welcome.join("\n")).toContain("không cần cho biết tên");
    expect(u.lastMenu().options).toEqual(["Tiếng Việt", "English"]);
    expect(welcome.at(-1)).toContain("(Trả lời bằng số");

    await u.say("1"); // Tiếng Việt
    expect(u.lastMenu().text).toBe("Mình có thể giúp gì cho bạn?");
    await u.say("hai"); // 2 = send an anonymous request
    expect(u.lastMenu().text).toBe("Ai đang cần giúp đỡ?");
    await u.say("con toi"); // "Con tôi" without diacritics
    expect(u.lastMenu().text).toBe("Bạn đang lo lắng về điều gì nhất?");
    await u.say("ba"); // 3 = Mại dâm
    expect(u.lastMenu().text).toBe("Việc này gấp đến mức nào?");
    await u.say("can giup trong vai ngay toi");
    const province = await u.say("nghe an");
    expect(province.join("\n")).toContain("Nghệ An");
    await u.say("bo qua"); // skip the ward
    expect(u.lastMenu().text).toContain("kể ngắn gọn");
    await u.say("Con gái tôi dạo này hay đi về khuya, tôi lo lắm.");
    const done = await u.say("gui yeu cau");
    const handle = /#([A-Z2-9]{4})/.exec(done.join("\n"))?.[1];
    expect(handle).toBeDefined();

    const requests = await u.say("yeu cau cua toi");
    expect(requests.join("\n")).toContain(`#${handle}`);
    expect(requests.join("\n")).toContain("Mại dâm");
    const person = await app.store.findPerson("zalo", u.id);
    const [created] = await app.store.listCases(person!.id);
    expect(created).toMatchObject({ handle, concern: "sex_work", urgency: "week", subject: "child" });
  });

  it("answers a crisis typed without diacritics with emergency numbers and a top-priority request", async () => {
    const u = user();
    const replies = await u.say("con toi dang soc thuoc khong tho");
    expect(replies[0]).toContain("115");
    const handle = /#([A-Z2-9]{4})/.exec(replies.join("\n"))?.[1];
    expect(handle).toBeDefined();
    const person = await app.store.findPerson("zalo", u.id);
    const [crisis] = await app.store.listCases(person!.id);
    expect(crisis).toMatchObject({ handle, priority: 0 });
    expect(crisis?.dangerFlags).toContain("overdose");
  });

  it("deletes a person's data after XOA and a confirmation", async () => {
    const u = user();
    await u.say("con toi bi danh dap");
    expect(await app.store.findPerson("zalo", u.id)).not.toBeNull();
    await u.say("XOA");
    expect(u.lastMenu().options).toEqual(["Có, xóa hết", "Không, giữ lại"]);
    const done = await u.say("1");
    expect(done.join("\n")).toContain("Đã xóa toàn bộ");
    expect(await app.store.findPerson("zalo", u.id)).toBeNull();
  });

  it("answers images, stickers, voice and unsupported messages with a text-only note", async () => {
    const u = user();
    await u.say("xin chao");
    for (const kind of ["image", "sticker", "voice", "unsupported"] as const) {
      const { replies } = await u.send({ kind });
      expect(replies[0]).toContain("chỉ đọc được tin nhắn chữ");
    }
  });

  it("handles a duplicate delivery once", async () => {
    const u = user();
    const first = await u.send({ text: "xin chao" });
    const count = u.received.length;
    await fake.injectUpdate(first.update); // webhook: resolves once the app has answered the push
    if (mode === "polling") await fake.waitFor(() => fake.heldPolls > 0, undefined, "the app to take the duplicate and poll again");
    await app.engine.drain();
    expect(u.received.length).toBe(count);
  });

  it("recovers from a 429 on sendMessage", async () => {
    const u = user();
    await u.say("xin chao");
    const before = fake.callsOf("sendMessage").length;
    fake.failNext("sendMessage", { kind: "quota" });
    const replies = await u.say("2"); // English
    expect(replies.join("\n")).toContain("How can I help you?");
    expect(fake.callsOf("sendMessage").slice(before, before + 2).map((c) => c.status)).toEqual([429, 200]);
  });

  it.runIf(mode === "webhook")("rejects a delivery with a wrong secret: 401 and nothing stored", async () => {
    const u = new ZaloTestUser(fake);
    const body = JSON.stringify({
      event_name: "message.text.received",
      message: { message_id: "f".repeat(20), date: Date.now(), text: "xin chao", from: { id: u.id, is_bot: false }, chat: { id: u.id, chat_type: "PRIVATE" } },
    });
    const response = await fetch(`${app.url}/webhooks/zalo`, {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-Bot-Api-Secret-Token": "wrong-secret-wrong-secret" },
      body,
    });
    expect(response.status).toBe(401); // refused before anything is queued: nothing to wait for
    await app.engine.drain();
    expect(await app.store.findPerson("zalo", u.id)).toBeNull();
    expect(u.received).toHaveLength(0);
  });

  it("never logs the token, chat ids or message text", () => {
    const logs = log.text();
    expect(logs).toContain("turn handled"); // the capture works
    expect(logs).not.toContain(fake.token.slice(fake.token.indexOf(":") + 1));
    for (const chatId of new Set(fake.world.sent.map((s) => s.chat_id))) expect(logs).not.toContain(chatId);
    for (const words of ["soc thuoc", "khuya", "xin chao", "danh dap"]) expect(logs).not.toContain(words);
  });
});
