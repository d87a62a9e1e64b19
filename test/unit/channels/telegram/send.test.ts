// channel.send against the fake Bot API: splitting, retries, and failures that must not throw.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createTelegramChannel, type TelegramChannelHandle } from "../../../../src/channels/telegram/index.ts";
import { startFakeTelegram, type FakeTelegramBotApi } from "../../../fakes/telegram-bot-api.ts";
import { captureLogger, MemoryLocks, RecordingSink, telegramTranslator } from "./support.ts";

const CHAT = "5550002";
let fake: FakeTelegramBotApi;
let logs: ReturnType<typeof captureLogger>;
let handle: TelegramChannelHandle;

function channelFor(apiRoot: string, token = fake.token): TelegramChannelHandle {
  return createTelegramChannel({ token, apiRoot, sink: new RecordingSink(), translator: telegramTranslator(), logger: logs.logger, locks: new MemoryLocks() });
}

beforeEach(async () => {
  fake = await startFakeTelegram();
  logs = captureLogger();
  handle = channelFor(fake.apiRoot);
});

afterEach(async () => {
  await handle.stop();
  await fake.close();
});

describe("telegram channel.send", () => {
  it("splits text over 4096 characters on paragraph boundaries, buttons on the last part", async () => {
    const first = "A".repeat(3000);
    const second = "B & <C>".repeat(300); // 2100 visible characters, longer once escaped
    const result = await handle.channel.send(CHAT, { kind: "options", text: `${first}\n\n${second}`, menuSeq: 2, options: [{ id: "ok", label: "OK" }] }, "vi");
    const sends = fake.callsOf("sendMessage");
    expect(sends.map((c) => c.status)).toEqual([200, 200]);
    expect(sends[0]?.params.text).toBe(first);
    expect(sends[0]?.params.reply_markup).toBeUndefined();
    expect(sends[1]?.params.reply_markup).toEqual({ inline_keyboard: [[{ text: "OK", callback_data: "c:2:ok" }]] });
    const stored = [...fake.world.messages.values()];
    expect(stored[1]?.text).toBe(second);
    expect(result).toEqual({ status: "sent", channelMessageId: String(stored[1]?.message_id) });
  });

  it("sends a link as a URL button", async () => {
    await handle.channel.send(CHAT, { kind: "link", text: "Đường dây nóng", url: "https://example.org/help", label: "Mở" }, "vi");
    expect(fake.callsOf("sendMessage")[0]?.params.reply_markup).toEqual({ inline_keyboard: [[{ text: "Mở", url: "https://example.org/help" }]] });
  });

  it("returns a 429 at once with its retry_after, for the sender to wait out (the adapter does not)", async () => {
    fake.injectFault("sendMessage", { kind: "429", retryAfter: 7 });
    const result = await handle.channel.send(CHAT, { kind: "text", text: "hello" }, "vi");
    expect(result).toEqual({ status: "retryable", retryAfterMs: 7_000 });
    expect(fake.callsOf("sendMessage").map((c) => c.status)).toEqual([429]);
  });

  it("retries a 5xx after a back-off", async () => {
    fake.injectFault("sendMessage", { kind: "500" });
    const result = await handle.channel.send(CHAT, { kind: "text", text: "hello" }, "vi");
    expect(result.status).toBe("sent");
    expect(fake.callsOf("sendMessage").map((c) => c.status)).toEqual([500, 200]);
  });

  it("returns unreachable on 403 without retrying or throwing", async () => {
    fake.blockChat(CHAT);
    expect(await handle.channel.send(CHAT, { kind: "text", text: "hello" }, "vi")).toEqual({ status: "unreachable" });
    fake.blockChat(CHAT, false);
    fake.injectFault("sendMessage", { kind: "403" });
    expect(await handle.channel.send(CHAT, { kind: "text", text: "hello" }, "vi")).toEqual({ status: "unreachable" });
    expect(fake.callsOf("sendMessage").map((c) => c.status)).toEqual([403, 403]);
    expect(logs.lines.join("\n")).not.toContain(CHAT);
  });

  it("stops after the first failing part of a long message", async () => {
    fake.injectFault("sendMessage", { kind: "delay", ms: 0 });
    fake.injectFault("sendMessage", { kind: "403" }, 1);
    const result = await handle.channel.send(CHAT, { kind: "text", text: `${"a".repeat(4000)}\n\n${"b".repeat(4000)}\n\nc` }, "vi");
    expect(result).toEqual({ status: "unreachable" });
    expect(fake.callsOf("sendMessage")).toHaveLength(2);
  });

  it("returns retryable when the Bot API cannot be reached, and never logs the token", async () => {
    const dead = channelFor("http://127.0.0.1:9");
    expect(await dead.channel.send(CHAT, { kind: "text", text: "hello" }, "vi")).toEqual({ status: "retryable", maybeDelivered: true });
    expect(logs.lines.join("\n")).not.toContain(fake.token);
  });

  it("refuses to start with a token Telegram rejects, without echoing the token", async () => {
    const wrong = channelFor(fake.apiRoot, "999:AAWrongTokenWrongTokenWrongToken");
    const error = await wrong.start().then(
      () => undefined,
      (e: unknown) => e as Error,
    );
    expect(error?.message).toMatch(/getMe failed/);
    expect(error?.message).not.toContain("AAWrongToken");
    expect(fake.callsOf("getMe")[0]?.status).toBe(401);
  });
});
