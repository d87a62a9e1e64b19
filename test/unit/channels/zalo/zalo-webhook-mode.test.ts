// The Zalo adapter in webhook mode, over real HTTP: fake Zalo platform → Hono receiver → recording sink → channel.send → fake.
import type { AddressInfo } from "node:net";
import { serve, type ServerType } from "@hono/node-server";
import { Hono } from "hono";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createZaloChannel, type ZaloChannelHandle } from "../../../../src/channels/zalo/index.ts";
import { FakeZaloBotApi } from "../../../fakes/zalo-bot-api.ts";
import {
  captureLogger,
  createMemoryLocks,
  createRecordingSink,
  eventually,
  REPLY_WITH_NUMBER_VI,
  testTranslator,
  type CapturedLogger,
  type RecordingSink,
} from "./zalo-test-kit.ts";

const PUBLIC_URL = "https://bot.example.org";
const RETRY = { baseDelayMs: 1, maxDelayMs: 5, maxAttempts: 3 };

interface Rig {
  fake: FakeZaloBotApi;
  handle: ZaloChannelHandle;
  sink: RecordingSink;
  log: CapturedLogger;
  receiver: string;
  server: ServerType;
}

async function startRig(options: { token?: string; wrapped?: boolean } = {}): Promise<Rig> {
  let receiver = "http://127.0.0.1:9";
  const fake = await FakeZaloBotApi.start({ resolveWebhookUrl: (url) => url.replace(PUBLIC_URL, receiver), webhookBody: options.wrapped ? "wrapped" : "bare" });
  const sink = createRecordingSink();
  const log = captureLogger();
  const handle = createZaloChannel({
    token: options.token ?? fake.token,
    apiBase: fake.baseUrl,
    publicUrl: PUBLIC_URL,
    sink,
    translator: testTranslator(),
    logger: log.logger,
    locks: createMemoryLocks(),
    retry: RETRY,
  });
  sink.bind(handle.channel);
  const app = new Hono();
  if (handle.webhook) app.route("/webhooks/zalo", handle.webhook);
  const server = await new Promise<ServerType>((resolve) => {
    const s = serve({ fetch: app.fetch, port: 0, hostname: "127.0.0.1" }, () => resolve(s));
  });
  receiver = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  await handle.start();
  return { fake, handle, sink, log, receiver, server };
}

async function stopRig(rig: Rig): Promise<void> {
  await rig.handle.stop();
  await new Promise<void>((resolve) => rig.server.close(() => resolve()));
  await rig.fake.close();
}

function post(rig: Rig, body: string, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${rig.receiver}/webhooks/zalo`, { method: "POST", body, headers });
}

describe("Zalo channel, webhook mode", () => {
  let rig: Rig;
  beforeEach(async () => {
    rig = await startRig();
  });
  afterEach(async () => {
    await stopRig(rig);
  });

  it("registers ${publicUrl}/webhooks/zalo with a random secret of 32+ characters; the probe gets 200", async () => {
    expect(rig.handle.channel).toMatchObject({ name: "zalo", supportsButtons: false });
    const call = rig.fake.callsOf("setWebhook")[0];
    expect(call?.params.url).toBe(`${PUBLIC_URL}/webhooks/zalo`);
    expect(String(call?.params.secret_token).length).toBeGreaterThanOrEqual(32);
    expect(rig.fake.world.probes[0]?.status).toBe(200);
    expect(rig.sink.calls).toHaveLength(0);
  });

  it("a text message reaches the sink as a text event and the reply goes back to the chat", async () => {
    const { chatId, messageId, deliveries } = await rig.fake.inject({ text: "/start" });
    expect(deliveries[0]?.result.status).toBe(200);
    await rig.fake.waitFor(() => rig.fake.sentTo(chatId).length === 1);
    expect(rig.sink.handled).toEqual([{ channel: "zalo", externalId: chatId, channelMessageId: messageId, event: { kind: "text", text: "/start" } }]);
    expect(rig.fake.sentTo(chatId)[0]?.text).toBe("Đã nhận tin nhắn của bạn.");
  });

  it("menus become numbered text in the person's language", async () => {
    const { chatId } = await rig.fake.inject({ text: "menu" });
    const [sent] = await rig.fake.waitFor(() => rig.fake.sentTo(chatId).length === 1 && rig.fake.sentTo(chatId));
    expect(sent?.text).toBe(`Bạn muốn làm gì?\n\n1. Nói chuyện với tư vấn viên\n2. Tìm hiểu thông tin\n\n${REPLY_WITH_NUMBER_VI}`);
  });

  it("a reply over 2,000 characters is split and sent in order", async () => {
    const { chatId } = await rig.fake.inject({ text: "dài" });
    await eventually(() => rig.sink.handled.length === 1);
    await rig.handle.stop(); // drains in-flight processing
    const parts = rig.fake.sentTo(chatId).map((s) => s.text ?? "");
    expect(parts.length).toBeGreaterThanOrEqual(2);
    for (const part of parts) expect(part.length).toBeLessThanOrEqual(2000);
    expect(parts[0]?.startsWith("Câu số 1:")).toBe(true);
    expect(parts.at(-1)?.endsWith("người thân.")).toBe(true);
  });

  it("rejects a wrong secret with 401: nothing reaches the sink", async () => {
    const body = JSON.stringify((await import("../../../fakes/zalo-fake-events.ts")).buildUpdate({ text: "hi" }).update);
    const response = await post(rig, body, { "Content-Type": "application/json", "X-Bot-Api-Secret-Token": "not-the-secret-at-all" });
    expect(response.status).toBe(401);
    const missing = await post(rig, body, { "Content-Type": "application/json" });
    expect(missing.status).toBe(401);
    rig.fake.world.webhook = { ...rig.fake.world.webhook!, secret: "a-stale-secret-from-another-run" };
    const { deliveries } = await rig.fake.inject({ text: "hi" });
    expect(deliveries[0]?.result.status).toBe(401);
    await rig.handle.stop(); // finishes any processing in flight: what the sink saw is final
    expect(rig.sink.calls).toHaveLength(0);
    expect(rig.log.text()).toContain("secret token missing or wrong");
  });

  it("answers the verification probe (no header, empty body) with 200 without processing", async () => {
    const response = await post(rig, "");
    expect(response.status).toBe(200);
    expect(rig.sink.calls).toHaveLength(0);
  });

  it("answers invalid JSON and non-updates with a 400 JSON error, an unusable update with 200, and logs no content", async () => {
    const secret = String(rig.fake.world.webhook?.secret);
    const notJson = await post(rig, "{nope", { "X-Bot-Api-Secret-Token": secret });
    expect(notJson.status).toBe(400);
    expect(await notJson.json()).toEqual({ ok: false, error: "invalid_json" });
    const notUpdate = await post(rig, JSON.stringify({ message: { text: "bí mật 0912345678" } }), { "X-Bot-Api-Secret-Token": secret });
    expect(notUpdate.status).toBe(400);
    expect(await notUpdate.json()).toEqual({ ok: false, error: "invalid_update" });
    // Redelivering cannot repair it, so it is acknowledged and dropped (zalo-edge-validation.test.ts).
    const badShape = await post(rig, JSON.stringify({ event_name: "message.text.received", message: { text: "bí mật 0912345678" } }), {
      "X-Bot-Api-Secret-Token": secret,
    });
    expect(badShape.status).toBe(200);
    expect(rig.log.text()).not.toContain("0912345678");
    expect(rig.sink.calls).toHaveLength(0);
  });

  it("maps image, sticker, voice and unsupported events to unsupported media", async () => {
    for (const kind of ["image", "sticker", "voice", "unsupported"] as const) await rig.fake.inject({ kind, photoAlias: true });
    await eventually(() => rig.sink.handled.length === 4);
    expect(rig.sink.handled.map((e) => e.event).sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)))).toEqual([
      { kind: "unsupported", media: "image" },
      { kind: "unsupported", media: "sticker" },
      { kind: "unsupported", media: "unsupported" },
      { kind: "unsupported", media: "voice" },
    ]);
  });

  it("ignores GROUP messages and unknown future events (200, nothing processed, event name logged)", async () => {
    const group = await rig.fake.inject({ chatType: "GROUP", text: "@bot chào" });
    const future = await rig.fake.inject({ eventName: "message.reaction.received", extra: { reaction: "❤️" } });
    const noMessage = await rig.fake.injectUpdate({ event_name: "user.follow", message: {} });
    expect([group.deliveries[0]?.result.status, future.deliveries[0]?.result.status, noMessage[0]?.result.status]).toEqual([200, 200, 200]);
    await rig.handle.stop(); // finishes any processing in flight: what the sink saw is final
    expect(rig.sink.calls).toHaveLength(0);
    expect(rig.fake.world.sent).toHaveLength(0);
    expect(rig.log.text()).toContain("message.reaction.received");
    expect(rig.log.text()).not.toContain(group.chatId);
  });

  it("a duplicate delivery reaches the sink once", async () => {
    const first = await rig.fake.inject({ text: "một" });
    await rig.fake.injectUpdate(first.update);
    await rig.fake.injectUpdate(first.update);
    await rig.handle.stop();
    expect(rig.sink.calls).toHaveLength(1);
    expect(rig.fake.sentTo(first.chatId)).toHaveLength(1);
  });

  it("a 429 on the reply is retried, then succeeds", async () => {
    rig.fake.failNext("sendMessage", { kind: "quota" });
    const { chatId } = await rig.fake.inject({ text: "alo" });
    await rig.fake.waitFor(() => rig.fake.sentTo(chatId).length === 1);
    expect(rig.fake.callsOf("sendMessage").map((c) => c.status)).toEqual([429, 200]);
  });

  it("answers 503 when the core cannot accept a message, so Zalo delivers it again; the redelivery is handled once; no text logged", async () => {
    rig.sink.failNext = 1;
    const { update, chatId, deliveries } = await rig.fake.inject({ text: "riêng tư lắm" });
    expect(deliveries.map((d) => d.result.status)).toEqual([503]);
    expect(rig.fake.sentTo(chatId)).toHaveLength(0);
    const again = await rig.fake.injectUpdate(structuredClone(update)); // Zalo's redelivery after the non-2xx
    expect(again.map((d) => d.result.status)).toEqual([200]);
    expect(rig.fake.sentTo(chatId)).toHaveLength(1);
    expect(rig.sink.handled).toHaveLength(1);
    expect(rig.log.text()).toContain("not accepted");
    expect(rig.log.text()).not.toContain("riêng tư");
  });

  it("stop() waits for in-flight processing; later deliveries get 503", async () => {
    rig.sink.delayMs = 200;
    const { chatId } = await rig.fake.inject({ text: "chậm" });
    await rig.handle.stop();
    expect(rig.fake.sentTo(chatId)).toHaveLength(1);
    const { deliveries } = await rig.fake.inject({ text: "muộn" });
    expect(deliveries[0]?.result.status).toBe(503);
  });

  it("never logs message text, chat ids or the token", async () => {
    const { chatId } = await rig.fake.inject({ text: "con tôi đang sốc thuốc" });
    await rig.fake.waitFor(() => rig.fake.sentTo(chatId).length === 1);
    const logs = rig.log.text();
    for (const secret of [chatId, "sốc thuốc", rig.fake.token, String(rig.fake.world.webhook?.secret)]) expect(logs).not.toContain(secret);
  });
});

describe("Zalo channel, webhook mode: body forms and failures", () => {
  it("accepts the wrapped {ok, result} body form", async () => {
    const rig = await startRig({ wrapped: true });
    try {
      const { chatId, deliveries } = await rig.fake.inject({ text: "wrapped" });
      expect(deliveries[0]?.form).toBe("wrapped");
      await rig.fake.waitFor(() => rig.fake.sentTo(chatId).length === 1);
      expect(rig.sink.handled[0]?.event).toEqual({ kind: "text", text: "wrapped" });
    } finally {
      await stopRig(rig);
    }
  });

  it("a rejected token (401) stops only the channel, with one clear operator line", async () => {
    const rig = await startRig({ token: "1234567890123456789:revoked-token-value" });
    try {
      expect(rig.log.text()).toContain("Zalo token rejected (401): check ZALO_BOT_TOKEN");
      expect(rig.log.text()).not.toContain("revoked-token-value");
      expect(rig.fake.callsOf("setWebhook")).toHaveLength(1);
    } finally {
      await stopRig(rig);
    }
  });
});
