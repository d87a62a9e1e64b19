// Zalo deliveries with the right secret but content the bot cannot use: 400 when the body is not an
// update at all, 200-and-ignored (one log line naming the field, never its value) when it is an update
// of a known event with an unusable message; nothing reaches the sink either way.
import type { AddressInfo } from "node:net";
import { serve, type ServerType } from "@hono/node-server";
import { Hono } from "hono";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createZaloChannel, deriveZaloWebhookSecret, type ZaloChannelHandle } from "../../../../src/channels/zalo/index.ts";
import { FakeZaloBotApi } from "../../../fakes/zalo-bot-api.ts";
import { buildUpdate } from "../../../fakes/zalo-fake-events.ts";
import { captureLogger, createMemoryLocks, createRecordingSink, eventually, testTranslator, type CapturedLogger, type RecordingSink } from "./zalo-test-kit.ts";

const PUBLIC_URL = "https://bot.example.org";
const RETRY = { baseDelayMs: 1, maxDelayMs: 5, maxAttempts: 3 };
const SECRET_WORDS = "bí mật 0912345678";

let fake: FakeZaloBotApi;
let handle: ZaloChannelHandle;
let sink: RecordingSink;
let log: CapturedLogger;
let server: ServerType;
let receiver = "http://127.0.0.1:9";

const logged = (): Array<Record<string, unknown>> => log.lines.map((l) => JSON.parse(l) as Record<string, unknown>);
const post = (body: unknown): Promise<Response> =>
  fetch(`${receiver}/webhooks/zalo`, {
    method: "POST",
    body: typeof body === "string" ? body : JSON.stringify(body),
    headers: { "content-type": "application/json", "x-bot-api-secret-token": deriveZaloWebhookSecret(fake.token) },
  });

async function start(publicUrl: string | undefined): Promise<void> {
  fake = await FakeZaloBotApi.start({ resolveWebhookUrl: (url) => url.replace(PUBLIC_URL, receiver) });
  sink = createRecordingSink();
  log = captureLogger();
  handle = createZaloChannel({
    token: fake.token,
    apiBase: fake.baseUrl,
    ...(publicUrl ? { publicUrl } : {}),
    sink,
    translator: testTranslator(),
    logger: log.logger,
    locks: createMemoryLocks(),
    retry: RETRY,
  });
  sink.bind(handle.channel);
  const app = new Hono();
  if (handle.webhook) app.route("/webhooks/zalo", handle.webhook);
  server = await new Promise<ServerType>((resolve) => {
    const s = serve({ fetch: app.fetch, port: 0, hostname: "127.0.0.1" }, () => resolve(s));
  });
  receiver = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  await handle.start();
}

afterEach(async () => {
  await handle.stop();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await fake.close();
});

describe("Zalo webhook: edge validation", () => {
  beforeEach(() => start(PUBLIC_URL));

  it.each([
    ["chat.id is a number", { chat: { id: 42, chat_type: "PRIVATE" } }, "message.chat.id"],
    ["message_id is a number", { message_id: 1234567890 }, "message.message_id"],
    ["text is a nested array", { text: [[[SECRET_WORDS]]] }, "message.text"],
    ["text is longer than any message", { text: `${SECRET_WORDS} ${"a".repeat(20_001)}` }, "message.text"],
    ["text is missing on a text event", { text: undefined }, "message.text"],
    ["is_bot is a string", { from: { id: "a".repeat(20), is_bot: "no" } }, "message.from.is_bot"],
    ["chat_type is an object", { chat: { id: "b".repeat(20), chat_type: { PRIVATE: true } } }, "message.chat.chat_type"],
  ])("an update whose %s is answered 200 and ignored, logged by field", async (_label, extra, field) => {
    const { update } = buildUpdate({ text: SECRET_WORDS, extra });
    const response = await post(update);
    expect(response.status).toBe(200);
    expect(logged()).toContainEqual(expect.objectContaining({ event: "message.text.received", field, msg: expect.stringContaining("ignored") as unknown }));
    expect(log.text()).not.toContain("0912345678");
    expect(sink.calls).toHaveLength(0);
  });

  it("answers 400 for bodies that are not updates at all", async () => {
    for (const body of ["[]", "null", "12", '"x"', "{}", '{"event_name":5}', `{"event_name":"${"e".repeat(300)}"}`, '{"result":[1]}']) {
      const response = await post(body);
      expect(response.status, body).toBe(400);
      expect(await response.json()).toEqual({ ok: false, error: "invalid_update" });
    }
    expect(sink.calls).toHaveLength(0);
  });

  it("fields the bot does not read may have any type", async () => {
    const { update, chatId } = buildUpdate({ text: "xin chào", extra: { date: "yesterday", from: { id: "c".repeat(20), display_name: 5, is_bot: false } } });
    expect((await post({ ...update, message: { ...update.message, chat: { id: chatId, chat_type: "PRIVATE" } } })).status).toBe(200);
    await eventually(() => sink.handled.length === 1);
  });
});

describe("Zalo polling: edge validation", () => {
  beforeEach(() => start(undefined));

  it("skips an unusable update with one log line and handles the next one", async () => {
    await fake.waitFor(() => fake.heldPolls === 1, 5_000, "a held getUpdates");
    await fake.injectUpdate(buildUpdate({ text: SECRET_WORDS, extra: { chat: { id: 42 } } }).update);
    await fake.inject({ text: "xin chào" });
    await eventually(() => sink.handled.length === 1);
    expect(sink.handled[0]?.event).toEqual({ kind: "text", text: "xin chào" });
    expect(logged()).toContainEqual(expect.objectContaining({ event: "message.text.received", field: "message.chat.id" }));
    expect(log.text()).not.toContain("0912345678");
  });
});
