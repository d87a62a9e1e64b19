// The WHOLE app with ZALO_BOT_TOKEN/ZALO_API_BASE pointed at the fake Zalo platform, in webhook and
// long-polling mode: what only Zalo has (webhook registration and probe, menus as numbered text, a wrong
// secret, a 429, the token in request paths). What every channel does (welcome, menus by number and words,
// intake, crisis, duplicates, media, delete) is in test/contract/channel/.
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
    await fake.waitFor(ready, 10_000, `the app to start Zalo ${mode} (is Zalo wired in src/messengers.ts?)`);
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

  it("renders menus as numbered text with a reply-by-number hint, and a typed number answers them", async () => {
    const u = user();
    const welcome = await u.say("xin chao");
    expect(welcome.at(-1)).toBe("Bạn muốn dùng ngôn ngữ nào? / Which language would you like?\n\n1. Tiếng Việt\n2. English\n\n(Trả lời bằng số, ví dụ: 1)");
    await u.say("1"); // Tiếng Việt
    expect(u.lastMenu()).toMatchObject({ text: "Mình có thể giúp gì cho bạn?", options: expect.arrayContaining(["Gửi yêu cầu tư vấn ẩn danh"]) as unknown });
  });

  it("recovers from a 429 on sendMessage", async () => {
    const u = user();
    await u.say("xin chao");
    const before = fake.callsOf("sendMessage").length;
    fake.failNext("sendMessage", { kind: "quota" });
    const replies = await u.say("2"); // English
    expect(replies.join("\n")).toContain("How can I help you?");
    expect(
      fake
        .callsOf("sendMessage")
        .slice(before, before + 2)
        .map((c) => c.status),
    ).toEqual([429, 200]);
  });

  it.runIf(mode === "webhook")("rejects a delivery with a wrong secret: 401 and nothing stored", async () => {
    const u = user();
    const body = JSON.stringify({
      event_name: "message.text.received",
      message: { message_id: "f".repeat(20), date: Date.now(), text: "xin chao", from: { id: u.id, is_bot: false }, chat: { id: u.id, chat_type: "PRIVATE" } },
    });
    const response = await fetch(`${app.url}/webhooks/zalo`, {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-Bot-Api-Secret-Token": "wrong-secret-wrong-secret" },
      body,
    });
    expect(response.status).toBe(401);
    expect(await app.stores.people.findPerson("zalo", u.id)).toBeNull();
    // A genuine message from the same chat is handled after anything the forged one could have started.
    await u.say("xin chao");
    const person = await app.stores.people.findPerson("zalo", u.id);
    expect(await app.db.prisma.message.count({ where: { personId: person!.id, direction: "inbound" } })).toBe(1);
    expect(await app.db.prisma.message.count({ where: { channelMessageId: "f".repeat(20) } })).toBe(0);
  });

  // The contract suite checks people's words and ids in the logs on every channel; this covers the
  // failure paths only this file takes (a 429, a wrong secret), where the token could leak via a request path.
  it("never logs the token, chat ids or message text", () => {
    const logs = log.text();
    expect(logs).toContain("turn handled"); // the capture works
    expect(logs).not.toContain(fake.token.slice(fake.token.indexOf(":") + 1));
    for (const chatId of new Set(fake.world.sent.map((s) => s.chat_id))) expect(logs).not.toContain(chatId);
    expect(logs).not.toContain("xin chao");
  });
});
