// The real grammY adapter in long-polling mode against the fake Bot API over loopback HTTP.
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createTelegramChannel, type TelegramChannelHandle } from "../../../../src/channels/telegram/index.ts";
import { startFakeTelegram, type FakeTelegramBotApi, type RecordedCall } from "../../../fakes/telegram-bot-api.ts";
import { waitUntil } from "../../../helpers/wait.ts";
import { captureLogger, MemoryLocks, RecordingSink, telegramTranslator } from "./support.ts";

const CHAT = 5550001;
const text = (c: RecordedCall): string => String(c.params.text);

let fake: FakeTelegramBotApi;
let sink: RecordingSink;
let locks: MemoryLocks;
let logs: ReturnType<typeof captureLogger>;
let handle: TelegramChannelHandle;

function makeHandle(): TelegramChannelHandle {
  return createTelegramChannel({ token: fake.token, apiRoot: `${fake.apiRoot}/`, sink, translator: telegramTranslator(), logger: logs.logger, locks });
}

beforeEach(async () => {
  fake = await startFakeTelegram();
  sink = new RecordingSink();
  locks = new MemoryLocks();
  logs = captureLogger();
  handle = makeHandle();
  sink.channel = handle.channel;
  await handle.start();
  await fake.waitForCall("getUpdates");
});

afterEach(async () => {
  await handle.stop();
  await fake.close();
});

describe("telegram channel, long polling", () => {
  it("starts: getMe, commands in vi/en/default, deleteWebhook under the poll lock, filtered getUpdates", async () => {
    expect(handle.channel).toMatchObject({ name: "telegram", supportsButtons: true });
    expect(handle.webhook).toBeUndefined();
    expect(locks.acquired).toEqual([`telegram-poll:${fake.bot.id}`]);
    expect(fake.callsOf("getMe")).toHaveLength(1);
    expect(fake.callsOf("deleteWebhook")).toHaveLength(1);
    expect(fake.world.commands.get("all_private_chats|")?.map((c) => c.command)).toEqual(["start", "menu", "help", "requests", "delete", "language"]);
    expect(fake.world.commands.get("all_private_chats|vi")?.[4]?.description).toBe("Xóa dữ liệu của tôi");
    expect(fake.world.commands.get("all_private_chats|en")?.[4]?.description).toBe("Delete my data");
    expect(fake.world.commands.get("all_private_chats|")).toEqual(fake.world.commands.get("all_private_chats|vi"));
    expect(fake.callsOf("getUpdates")[0]?.params.allowed_updates).toEqual(["message", "callback_query", "my_chat_member"]);
  });

  it("hands text to the sink and sends the reply HTML-escaped", async () => {
    const update = fake.injectText(CHAT, "<script>alert('x')</script> & <b>", { language_code: "en" });
    const reply = await fake.waitForCall("sendMessage", (c) => c.status === 200);
    expect(sink.envelopes).toEqual([
      {
        channel: "telegram",
        externalId: String(CHAT),
        channelMessageId: String(update.update_id),
        localeHint: "en",
        event: { kind: "text", text: "<script>alert('x')</script> & <b>" },
      },
    ]);
    expect(reply.params).toMatchObject({ chat_id: CHAT, parse_mode: "HTML", text: "echo: &lt;script&gt;alert('x')&lt;/script&gt; &amp; &lt;b&gt;" });
    expect([...fake.world.messages.values()].at(-1)?.text).toBe("echo: <script>alert('x')</script> & <b>");
    await sink.until((s) => s.sendResults.length === 1);
    expect(sink.sendResults).toEqual([{ status: "sent", channelMessageId: expect.stringMatching(/^\d+$/) as unknown as string }]);
  });

  it("deep-link start shows buttons; a tap is answered and becomes a choice", async () => {
    fake.injectText(CHAT, "/start clinic_12");
    const menu = await fake.waitForCall("sendMessage");
    expect(sink.envelopes[0]?.event).toEqual({ kind: "start", payload: "clinic_12" });
    const keyboard = (menu.params.reply_markup as { inline_keyboard: Array<Array<{ text: string; callback_data: string }>> }).inline_keyboard;
    expect(keyboard).toEqual([[{ text: "I am worried", callback_data: "c:7:worry" }], [{ text: "Information", callback_data: "c:7:info" }]]);

    const tap = fake.injectCallback(CHAT, "c:7:worry");
    await fake.waitForCall("answerCallbackQuery", (c) => c.status === 200);
    await fake.waitForCall("sendMessage", (c) => text(c) === "chose worry@7");
    expect(sink.envelopes[1]).toMatchObject({ channelMessageId: String(tap.update_id), event: { kind: "choice", optionId: "worry", menuSeq: 7 } });
    expect(fake.world.callbackQueries.get((tap.callback_query as { id: string }).id)).toEqual({ answered: true });
  });

  it("answers stale or foreign button data without bothering the sink", async () => {
    fake.injectCallback(CHAT, "not-ours");
    await fake.waitForCall("answerCallbackQuery", (c) => c.status === 200);
    fake.injectText(CHAT, "after");
    await sink.until((s) => s.envelopes.length === 1);
    expect(sink.envelopes.map((e) => e.event.kind)).toEqual(["text"]);
  });

  it("turns media into an unsupported event and never downloads", async () => {
    fake.injectMessage(CHAT, { photo: [{ file_id: "AgAD", file_unique_id: "u1", width: 90, height: 90 }], caption: "my son" });
    await sink.until((s) => s.envelopes.length === 1);
    expect(sink.envelopes[0]?.event).toEqual({ kind: "unsupported", media: "photo" });
    expect(fake.callsOf("getFile")).toHaveLength(0);
  });

  it("stays silent in groups and ignores edits and channel posts", async () => {
    fake.injectUpdate({ message: { ...fake.baseMessage(CHAT), chat: { id: -100200, type: "group", title: "g" }, text: "/start" } });
    fake.injectUpdate({ message: { ...fake.baseMessage(CHAT), chat: { id: -100300, type: "supergroup", title: "s" }, text: "hi" } });
    fake.injectUpdate({ edited_message: { ...fake.baseMessage(CHAT), edit_date: 1, text: "edited" } }, { force: true });
    fake.injectUpdate({ channel_post: { message_id: 1, date: 0, chat: { id: -100400, type: "channel", title: "c" }, text: "post" } }, { force: true });
    fake.injectText(CHAT, "marker");
    await sink.until((s) => s.envelopes.length === 1);
    await fake.waitForCall("sendMessage");
    expect(sink.envelopes.map((e) => e.event)).toEqual([{ kind: "text", text: "marker" }]);
    expect(fake.callsOf("sendMessage").map((c) => c.params.chat_id)).toEqual([CHAT]);
  });

  it("reports block and unblock", async () => {
    const member = (status: string) => ({
      chat: { id: CHAT, type: "private" },
      from: { id: CHAT, is_bot: false, first_name: "T" },
      date: 0,
      old_chat_member: { status: "member" },
      new_chat_member: { status, user: fake.bot },
    });
    fake.injectUpdate({ my_chat_member: member("kicked") });
    fake.injectUpdate({ my_chat_member: member("member") });
    await sink.until((s) => s.reachability.length === 2);
    expect(sink.reachability).toEqual([
      { externalId: String(CHAT), reachable: false },
      { externalId: String(CHAT), reachable: true },
    ]);
  });

  it("keeps trying, in order, a message the core could not accept (nobody resends in polling mode); logs no text or ids", async () => {
    sink.failWith = new Error("database unavailable");
    const bad = fake.injectText(CHAT, "very private words", { language_code: "en" });
    await vi.waitFor(() => expect(logs.lines.some((l) => l.includes("message not accepted"))).toBe(true), { timeout: 20_000 });
    fake.injectText(CHAT, "said after");
    sink.failWith = undefined;
    await fake.waitForCall("sendMessage", (c) => text(c) === "echo: very private words");
    await fake.waitForCall("sendMessage", (c) => text(c) === "echo: said after");
    const echoes = fake
      .callsOf("sendMessage")
      .map(text)
      .filter((t) => t.startsWith("echo:"));
    expect(echoes.indexOf("echo: very private words")).toBeLessThan(echoes.indexOf("echo: said after"));
    const first = JSON.parse(logs.lines.find((l) => l.includes("message not accepted")) as string);
    expect(first).toMatchObject({ updateId: bad.update_id, attempt: 1 });
    const all = logs.lines.join("\n");
    expect(all).not.toContain("very private words");
    expect(all).not.toContain(String(CHAT));
    expect(all).not.toContain(fake.token);
  });

  it("a standby instance waits for the lock and takes over when the active one stops", async () => {
    const standby = makeHandle();
    const standbySink = sink;
    await standby.start();
    await waitUntil(() => locks.contended.includes(`telegram-poll:${fake.bot.id}`), { what: "the standby to wait for the poll lock" });
    expect(fake.callsOf("deleteWebhook")).toHaveLength(1); // the standby has not started polling
    await handle.stop();
    await fake.waitForCall("deleteWebhook", () => fake.callsOf("deleteWebhook").length === 2);
    standbySink.channel = standby.channel;
    fake.injectText(CHAT, "handover");
    await fake.waitForCall("sendMessage", (c) => text(c) === "echo: handover");
    await standby.stop();
    expect(locks.isHeld(`telegram-poll:${fake.bot.id}`)).toBe(false);
  });

  it("stop waits for in-flight updates and releases the lock", async () => {
    fake.injectFault("sendMessage", { kind: "delay", ms: 400 });
    fake.injectText(CHAT, "slow");
    await sink.until((s) => s.envelopes.length === 1);
    await handle.stop();
    expect(fake.callsOf("sendMessage", (c) => c.status === 200)).toHaveLength(1);
    expect(locks.isHeld(`telegram-poll:${fake.bot.id}`)).toBe(false);
  });

  it("a lost polling lock (database session dropped) stops polling at once; it polls again only under the lock taken again", async () => {
    const name = `telegram-poll:${fake.bot.id}`;
    const lostAt = performance.timeOrigin + performance.now();
    locks.lose(name);
    const retaken = await fake.waitForCall("deleteWebhook", () => fake.callsOf("deleteWebhook").length === 2, 15_000);
    expect(locks.acquired).toEqual([name, name]);
    expect(fake.callsOf("getUpdates", (c) => c.at > lostAt && c.at < retaken.at)).toHaveLength(0);
    fake.injectText(CHAT, "after the drop");
    await fake.waitForCall("sendMessage", (c) => text(c) === "echo: after the drop", 10_000);
    expect(logs.lines.some((l) => l.includes("the polling lock was lost"))).toBe(true);
  }, 20_000);

  it("recovers from a 409 conflict: logs it, releases the lock, polls again after a pause", async () => {
    const rival = await fetch(`${fake.apiRoot}/bot${fake.token}/getUpdates?timeout=0`); // a second poller
    expect(rival.status).toBe(200);
    await expect.poll(() => logs.lines.some((l) => l.includes("long polling stopped with an error"))).toBe(true);
    await fake.waitForCall("deleteWebhook", () => fake.callsOf("deleteWebhook").length === 2);
    fake.injectText(CHAT, "back again");
    await fake.waitForCall("sendMessage", (c) => text(c) === "echo: back again");
    expect(logs.lines.join("\n")).not.toContain(fake.token);
  });
});
