// The real grammY adapter in webhook mode: the fake Bot API pushes updates to a Hono server on loopback.
import type { AddressInfo } from "node:net";
import { serve, type ServerType } from "@hono/node-server";
import { Hono } from "hono";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createTelegramChannel, type TelegramChannelHandle } from "../../../../src/channels/telegram/index.ts";
import { deriveWebhookSecret } from "../../../../src/channels/telegram/webhook-app.ts";
import { startFakeTelegram, type FakeTelegramBotApi } from "../../../fakes/telegram-bot-api.ts";
import { captureLogger, MemoryLocks, RecordingSink, telegramTranslator } from "./support.ts";

const CHAT = 5550003;
let fake: FakeTelegramBotApi;
let sink: RecordingSink;
let handle: TelegramChannelHandle;
let server: ServerType;
let publicUrl: string;

async function post(body: string, secret: string | undefined): Promise<Response> {
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (secret !== undefined) headers["x-telegram-bot-api-secret-token"] = secret;
  return await fetch(`${publicUrl}/webhooks/telegram`, { method: "POST", headers, body });
}

beforeEach(async () => {
  fake = await startFakeTelegram();
  sink = new RecordingSink();
  const app = new Hono();
  server = await new Promise<ServerType>((resolve) => {
    const s = serve({ fetch: (req) => app.fetch(req), port: 0, hostname: "127.0.0.1" }, () => resolve(s));
  });
  publicUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  handle = createTelegramChannel({
    token: fake.token,
    apiRoot: fake.apiRoot,
    publicUrl,
    sink,
    translator: telegramTranslator(),
    logger: captureLogger().logger,
    locks: new MemoryLocks(),
  });
  sink.channel = handle.channel;
  if (!handle.webhook) throw new Error("webhook mode expected");
  app.route("/webhooks/telegram", handle.webhook);
});

afterEach(async () => {
  await handle.stop();
  await fake.close();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

describe("telegram channel, webhook", () => {
  it("answers 503 until started, then registers the webhook with a secret and allowed_updates", async () => {
    const early = await post(JSON.stringify({ update_id: 1 }), deriveWebhookSecret(fake.token));
    expect(early.status).toBe(503);
    await handle.start();
    const set = fake.callsOf("setWebhook")[0];
    expect(set?.params).toMatchObject({
      url: `${publicUrl}/webhooks/telegram`,
      secret_token: deriveWebhookSecret(fake.token),
      allowed_updates: ["message", "callback_query", "my_chat_member"],
    });
    expect(fake.callsOf("deleteWebhook")).toHaveLength(0);
    expect(fake.world.commands.size).toBe(3);
  });

  it("handles pushed updates and replies, answering 200 after handling", async () => {
    await handle.start();
    fake.injectText(CHAT, "xin chào");
    await fake.waitForCall("sendMessage", (c) => c.status === 200);
    await expect.poll(() => fake.deliveries.map((d) => d.status)).toEqual([200]);
    const delivery = fake.deliveries[0];
    const reply = fake.callsOf("sendMessage")[0];
    expect(reply && delivery?.endedAt !== undefined && reply.at < delivery.endedAt).toBe(true);
    expect(sink.envelopes[0]?.event).toEqual({ kind: "text", text: "xin chào" });
  });

  it("rejects a wrong or missing secret with 401 and passes nothing on", async () => {
    await handle.start();
    const update = JSON.stringify({ update_id: 50, message: { ...fake.baseMessage(CHAT), text: "forged" } });
    const wrong = await post(update, "not-the-secret");
    expect(wrong.status).toBe(401);
    expect(await wrong.json()).toEqual({ ok: false, error: "unauthorized" });
    expect((await post(update, undefined)).status).toBe(401);
    expect((await post(update, `${deriveWebhookSecret(fake.token)}x`)).status).toBe(401);
    expect(sink.envelopes).toHaveLength(0);
    expect(fake.callsOf("sendMessage")).toHaveLength(0);
  });

  it("answers malformed JSON and non-updates with 400 JSON errors", async () => {
    await handle.start();
    const secret = deriveWebhookSecret(fake.token);
    const bad = await post("{not json", secret);
    expect(bad.status).toBe(400);
    expect(await bad.json()).toEqual({ ok: false, error: "malformed JSON" });
    const notUpdate = await post(JSON.stringify({ hello: "world" }), secret);
    expect(notUpdate.status).toBe(400);
    expect(await notUpdate.json()).toEqual({ ok: false, error: "not a Telegram update" });
    expect(sink.envelopes).toHaveLength(0);
  });

  it("answers 503 when the core cannot accept a message, so Telegram delivers it again; the redelivery is handled", async () => {
    await handle.start();
    sink.failWith = new Error("database unavailable");
    const update = fake.injectText(CHAT, "please keep this");
    await expect.poll(() => fake.deliveries[0]?.status).toBe(503);
    expect(fake.callsOf("sendMessage")).toHaveLength(0);
    sink.failWith = undefined; // the fake, like Telegram, delivers it again after a non-2xx
    await fake.waitForCall("sendMessage", (c) => c.status === 200);
    await expect.poll(() => fake.deliveries.at(-1)?.status).toBe(200);
    expect(fake.deliveries.slice(0, -1).every((d) => d.status === 503)).toBe(true);
    expect(sink.envelopes.map((e) => e.channelMessageId)).toEqual([String(update.update_id)]);
  });

  it("a duplicate delivery of one update replies once when the sink says duplicate", async () => {
    await handle.start();
    const update = fake.injectText(CHAT, "once please");
    fake.injectUpdate(structuredClone(update)); // Telegram re-delivers the same update_id
    await sink.until((s) => s.envelopes.length + s.duplicates.length === 2);
    await expect.poll(() => fake.deliveries.filter((d) => d.status === 200).length).toBe(2);
    expect(sink.envelopes).toHaveLength(1);
    expect(sink.duplicates.map((e) => e.channelMessageId)).toEqual([String(update.update_id)]);
    expect(fake.callsOf("sendMessage")).toHaveLength(1);
  });

  it("answers button taps and ignores group chats", async () => {
    await handle.start();
    fake.injectUpdate({ message: { ...fake.baseMessage(CHAT), chat: { id: -100500, type: "supergroup", title: "g" }, text: "hi bot" } });
    fake.injectCallback(CHAT, "c:3:info");
    await fake.waitForCall("answerCallbackQuery", (c) => c.status === 200);
    await fake.waitForCall("sendMessage", (c) => c.params.text === "chose info@3");
    expect(sink.envelopes.map((e) => e.event.kind)).toEqual(["choice"]);
    expect(fake.callsOf("sendMessage", (c) => c.params.chat_id !== CHAT)).toHaveLength(0);
  });

  it("photo → unsupported; block/unblock → reachability", async () => {
    await handle.start();
    fake.injectMessage(CHAT, { photo: [{ file_id: "x", file_unique_id: "y", width: 1, height: 1 }] });
    const member = (status: string) => ({
      chat: { id: CHAT, type: "private" },
      from: { id: CHAT, is_bot: false, first_name: "T" },
      date: 0,
      old_chat_member: { status: "member" },
      new_chat_member: { status, user: fake.bot },
    });
    fake.injectUpdate({ my_chat_member: member("kicked") });
    fake.injectUpdate({ my_chat_member: member("member") });
    await sink.until((s) => s.envelopes.length === 1 && s.reachability.length === 2);
    expect(sink.envelopes[0]?.event).toEqual({ kind: "unsupported", media: "photo" });
    expect(sink.reachability.map((r) => r.reachable)).toEqual([false, true]);
  });

  it("stop waits for updates in flight and then refuses new ones with 503", async () => {
    await handle.start();
    fake.injectFault("sendMessage", { kind: "delay", ms: 300 });
    fake.injectText(CHAT, "slow one");
    await sink.until((s) => s.envelopes.length === 1);
    await handle.stop();
    expect(fake.callsOf("sendMessage", (c) => c.status === 200)).toHaveLength(1);
    expect((await post(JSON.stringify({ update_id: 99 }), deriveWebhookSecret(fake.token))).status).toBe(503);
  });
});
