// The WHOLE app with Telegram switched on (TELEGRAM_BOT_TOKEN + TELEGRAM_API_ROOT → the fake Bot API),
// in long-polling and webhook mode: what only Telegram has (command menu, webhook registration and secret,
// per-chat message ids, deep links and language_code, odd update types, blocking). What every channel does
// (welcome, menus, intake, crisis, stale taps, duplicates, media, delete) is in test/contract/channel/.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakeTelegram, type FakeTelegramBotApi, type FakeUpdate } from "../fakes/telegram-bot-api.ts";
import { TelegramTestUser } from "../fakes/telegram-test-user.ts";
import { startTestApp, type TestApp } from "../helpers/start-app.ts";
import { freePort } from "../helpers/free-port.ts";

describe.each(["polling", "webhook"] as const)("Telegram end to end (%s)", (mode) => {
  let fake: FakeTelegramBotApi;
  let app: TestApp;
  let publicUrl = "";
  let nextChat = mode === "polling" ? 710_000 : 720_000;

  const settle = async (update: FakeUpdate): Promise<void> => {
    if (mode === "webhook") await fake.waitForDelivery(update.update_id, (d) => d.status === 200);
    await app.engine.drain();
  };
  const newUser = (languageCode = "vi"): TelegramTestUser => new TelegramTestUser(fake, nextChat++, settle, { language_code: languageCode });
  async function onMenu(languageCode = "vi"): Promise<TelegramTestUser> {
    const user = newUser(languageCode);
    await user.say("/start");
    await user.tap(languageCode === "en" ? "en" : "vi");
    return user;
  }

  beforeAll(async () => {
    fake = await startFakeTelegram();
    const env: Record<string, string> = { TELEGRAM_BOT_TOKEN: fake.token, TELEGRAM_API_ROOT: fake.apiRoot };
    if (mode === "webhook") {
      const port = await freePort();
      publicUrl = `http://127.0.0.1:${port}`;
      Object.assign(env, { PORT: String(port), PUBLIC_URL: publicUrl });
    }
    app = await startTestApp({ env });
    if (mode === "polling") await fake.waitForCall("getUpdates");
  });

  afterAll(async () => {
    await app?.stop();
    await fake?.close();
  });

  it("registers the command menu and its update route", () => {
    expect(fake.world.commands.get("all_private_chats|vi")?.map((c) => c.command)).toEqual(["start", "menu", "help", "requests", "delete", "language"]);
    expect(fake.world.commands.get("all_private_chats|en")?.find((c) => c.command === "requests")?.description).toBe("See my requests");
    if (mode === "webhook") {
      expect(fake.callsOf("setWebhook")[0]?.params).toMatchObject({ url: `${publicUrl}/webhooks/telegram`, secret_token: expect.any(String) as unknown });
      expect(fake.callsOf("getUpdates")).toHaveLength(0);
    } else {
      expect(fake.callsOf("deleteWebhook")).toHaveLength(1);
      expect(fake.callsOf("setWebhook")).toHaveLength(0);
    }
  });

  it("answers several people whose Telegram message ids overlap (message_id is unique per chat only)", async () => {
    const people = [newUser(), newUser(), newUser()];
    for (const person of people) await person.say("/start");
    await Promise.all(people.map((person) => person.tap("vi")));
    for (const person of people) {
      expect(person.replies().map((r) => r.call.params.text)).toHaveLength(4); // privacy, languages, language set, menu
      expect(person.lastMenu().options).toContain("intake");
    }
  });

  it("a deep link starts with the privacy promise and language buttons; English follows a tap", async () => {
    const user = newUser("en");
    const welcome = await user.say("/start clinic_12");
    expect(welcome[0]?.text).toContain("don't need to give your name"); // language_code "en" → English
    expect(user.lastMenu().options).toEqual(["vi", "en"]);
    const menu = await user.tap("en");
    expect(menu.at(-1)?.text).toBe("How can I help you?");
    expect(menu.at(-1)?.options).toEqual(["topics", "intake", "support", "requests", "emergency", "clubs", "language", "delete", "help", "tips"]);
    expect(fake.callsOf("answerCallbackQuery", (c) => c.status === 200).length).toBeGreaterThanOrEqual(1);
  });

  it("never downloads media, and stays silent on foreign buttons, edits, groups and channel posts", async () => {
    const user = await onMenu();
    await user.act(() => fake.injectMessage(user.chatId, { photo: [{ file_id: "AgAD", file_unique_id: "u", width: 90, height: 90 }], caption: "ảnh" }));
    expect(fake.callsOf("getFile")).toHaveLength(0);

    const answeredBefore = fake.callsOf("answerCallbackQuery", (c) => c.status === 200).length;
    const silent = await user.quietly(() => {
      fake.injectCallback(user.chatId, "not-one-of-ours");
      fake.injectUpdate({ edited_message: { ...fake.baseMessage(user.chatId), edit_date: 1, text: "sửa lại" } }, { force: true });
      fake.injectUpdate({ message: { ...fake.baseMessage(user.chatId), chat: { id: -100777, type: "supergroup", title: "nhóm" }, text: "/start" } });
      fake.injectUpdate({ channel_post: { message_id: 1, date: 0, chat: { id: -100888, type: "channel", title: "kênh" }, text: "tin" } }, { force: true });
    });
    expect(silent).toHaveLength(1); // only the marker's menu
    expect(fake.callsOf("answerCallbackQuery", (c) => c.status === 200).length).toBe(answeredBefore + 1);
    expect(fake.callsOf("sendMessage", (c) => Number(c.params.chat_id) < 0)).toHaveLength(0);
  });

  it("records block and unblock, and a 403 on send marks the person unreachable", async () => {
    const user = await onMenu();
    const id = String(user.chatId);
    const member = (status: string) => ({
      chat: { id: user.chatId, type: "private" },
      from: { id: user.chatId, is_bot: false, first_name: "T" },
      date: 0,
      old_chat_member: { status: "member", user: fake.bot },
      new_chat_member: { status, user: fake.bot },
    });
    fake.injectUpdate({ my_chat_member: member("kicked") });
    await expect.poll(async () => (await app.stores.people.findPerson("telegram", id))?.reachable).toBe(false);
    fake.injectUpdate({ my_chat_member: member("member") });
    await expect.poll(async () => (await app.stores.people.findPerson("telegram", id))?.reachable).toBe(true);

    fake.blockChat(user.chatId);
    await app.engine.deliver((await app.stores.people.findPerson("telegram", id))!, id, { kind: "text", text: "Tư vấn viên đã trả lời" });
    expect(fake.callsOf("sendMessage", (c) => c.params.chat_id === user.chatId).at(-1)?.status).toBe(403);
    expect((await app.stores.people.findPerson("telegram", id))?.reachable).toBe(false);
    fake.blockChat(user.chatId, false);
  });

  it.runIf(mode === "webhook")("rejects a wrong webhook secret with 401 and stores nothing", async () => {
    const chatId = nextChat++;
    const body = JSON.stringify({ update_id: 990_001, message: { ...fake.baseMessage(chatId), text: "giả mạo" } });
    for (const secret of ["wrong", ""]) {
      const res = await fetch(`${app.url}/webhooks/telegram`, {
        method: "POST",
        headers: { "content-type": "application/json", "x-telegram-bot-api-secret-token": secret },
        body,
      });
      expect(res.status).toBe(401);
    }
    const secret = String(fake.callsOf("setWebhook")[0]?.params.secret_token);
    const malformed = await fetch(`${app.url}/webhooks/telegram`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-telegram-bot-api-secret-token": secret },
      body: "{oops",
    });
    expect(malformed.status).toBe(400);
    await app.engine.drain();
    expect(await app.stores.people.findPerson("telegram", String(chatId))).toBeNull();
    expect(fake.callsOf("sendMessage", (c) => c.params.chat_id === chatId)).toHaveLength(0);
  });
});
