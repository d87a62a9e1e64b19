// Fuzz: the WHOLE app in Zalo webhook mode (fake Zalo platform on loopback), hostile bodies POSTed with
// the right secret to /webhooks/zalo. The receiver answers before processing, so the invariants are
// checked after the app drained: never a 5xx, nothing reaches the process-level error hooks, no
// error-level log line, no prototype pollution, bounded RSS, and a person still gets an answer.
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { deriveZaloWebhookSecret } from "../../src/channels/zalo/index.ts";
import { FakeZaloBotApi } from "../fakes/zalo-bot-api.ts";
import { startTestApp, type TestApp } from "../helpers/start-app.ts";
import { arbitraryJsonBody, badUtf8Body, deepNest, FUZZ_SEED, fuzzParameters, mutatedBody, rawBytesBody, type FuzzBody } from "./fuzz-kit.ts";
import { errorLog, expectCleanRun, MB, postBody, rss, watchProcess, type ProcessWatch } from "./fuzz-watch.ts";

const PUBLIC_URL = "https://chat.example.org";
const MAX_CHARS = 70_000; // over the web app's 64 KiB limit now and then, so 413 is exercised too
const RSS_GROWTH_LIMIT = 300 * MB;
/** Generous: the whole app answers every request, on a machine shared with other work. */
const PROPERTY_TIMEOUT_MS = 120_000;
/** Fields the product reads: mutated more often. */
const READ_FIELDS = ["event_name", "result", "message", "message_id", "from", "id", "is_bot", "chat", "chat_type", "text"];

let fake: FakeZaloBotApi;
let app: TestApp;
let watch: ProcessWatch;
const log = errorLog();
let receiver = "http://127.0.0.1:9"; // known once the app listens
let webhookUrl = "";
let secret = "";
let requests = 0;
let rssBefore = 0;

const hex = (n: number): string => n.toString(16).padStart(20, "0");
const userId = fc.integer({ min: 1, max: 12 }).map((n) => hex(0xfa000 + n)); // a few people, so the database stays small
const EVENTS = [
  "message.text.received",
  "message.image.received",
  "message.sticker.received",
  "message.voice.received",
  "message.unsupported.received",
  "user.follow",
];

/** Updates shaped like the platform's: private text and media, a group message, an unknown event, the wrapped form. */
const validUpdate: fc.Arbitrary<Record<string, unknown>> = fc
  .tuple(
    userId,
    fc.integer({ min: 1, max: 2 ** 40 }).map(hex),
    fc.constantFrom(...EVENTS),
    fc.string({ maxLength: 40 }),
    fc.constantFrom("PRIVATE", "GROUP"),
    fc.boolean(),
  )
  .map(([user, messageId, event, text, chatType, wrapped]) => {
    const message: Record<string, unknown> = {
      from: { id: user, display_name: "Fuzz", is_bot: false },
      chat: { id: chatType === "PRIVATE" ? user : hex(0xc0ffee), chat_type: chatType },
      message_id: messageId,
      date: 1_790_000_000_000,
      ...(event === "message.text.received" ? { text } : { photo_url: "https://photo.example/x.jpg", caption: text }),
    };
    const update = { event_name: event, message };
    return wrapped ? { ok: true, result: update } : update;
  });

async function send(body: FuzzBody): Promise<number> {
  requests += 1;
  return await postBody(webhookUrl, body, { "x-bot-api-secret-token": secret });
}

function expectEdgeStatus(status: number): void {
  expect([200, 400, 413]).toContain(status);
}

beforeAll(async () => {
  fake = await FakeZaloBotApi.start({ resolveWebhookUrl: (url) => url.replace(PUBLIC_URL, receiver) });
  app = await startTestApp({
    logger: log.logger,
    env: { ZALO_BOT_TOKEN: fake.token, ZALO_API_BASE: fake.baseUrl, PUBLIC_URL },
    zaloRetry: { baseDelayMs: 10, maxDelayMs: 100 },
  });
  receiver = app.url;
  await fake.waitFor(() => fake.callsOf("setWebhook").length > 0, 10_000, "the app to register its Zalo webhook");
  webhookUrl = `${app.url}/webhooks/zalo`;
  secret = deriveZaloWebhookSecret(fake.token);
  watch = watchProcess();
  for (let i = 0; i < 5; i++)
    await send({
      label: "warm-up",
      body: JSON.stringify({
        event_name: "message.text.received",
        message: { message_id: hex(i + 1), from: { id: hex(0xfa001) }, chat: { id: hex(0xfa001), chat_type: "PRIVATE" }, text: "xin chao" },
      }),
    });
  await fake.waitFor(() => fake.sentTo(hex(0xfa001)).length > 0, 10_000, "the warm-up reply");
  await app.engine.drain();
  rssBefore = rss();
  console.log(`[fuzz] zalo webhook: seed ${FUZZ_SEED}`);
}, 120_000);

afterAll(async () => {
  watch?.stop();
  await app?.stop();
  await fake?.close();
});

describe("fuzz: Zalo webhook through the whole app", () => {
  it(
    "arbitrary JSON and raw bytes: 200, 400 or 413, never 5xx",
    async () => {
      await fc.assert(
        fc.asyncProperty(fc.oneof({ weight: 4, arbitrary: arbitraryJsonBody(MAX_CHARS) }, { weight: 1, arbitrary: rawBytesBody }), async (body) =>
          expectEdgeStatus(await send(body)),
        ),
        fuzzParameters(100),
      );
    },
    PROPERTY_TIMEOUT_MS,
  );

  it(
    "valid-looking updates with one field mutated or one hostile key added, deep nesting, and bad UTF-8 inside strings",
    async () => {
      const bodies = fc.oneof(
        { weight: 4, arbitrary: mutatedBody(validUpdate, MAX_CHARS, { focus: READ_FIELDS }) },
        { weight: 1, arbitrary: mutatedBody(validUpdate, MAX_CHARS, { focus: READ_FIELDS, focusShare: 1, replacements: deepNest }) },
        { weight: 1, arbitrary: badUtf8Body(validUpdate) },
      );
      await fc.assert(
        fc.asyncProperty(bodies, async (body) => expectEdgeStatus(await send(body))),
        fuzzParameters(200),
      );
    },
    PROPERTY_TIMEOUT_MS,
  );

  it("afterwards: no process-level errors, no error-level log lines, no pollution, bounded memory, and a person still gets an answer", async () => {
    await app.engine.drain();
    const person = hex(0xfa999);
    const status = await send({
      label: "liveness",
      body: JSON.stringify({
        event_name: "message.text.received",
        message: { message_id: hex(2 ** 41), from: { id: person }, chat: { id: person, chat_type: "PRIVATE" }, text: "xin chao" },
      }),
    });
    expect(status).toBe(200);
    await fake.waitFor(() => fake.sentTo(person).length > 0, 10_000, "a reply to the liveness message");
    await app.stop(); // finishes every update still being processed, so all of them count below
    expectCleanRun({ name: "zalo webhook", watch, errors: log.errors, rssBefore, requests, rssGrowthLimit: RSS_GROWTH_LIMIT });
  });
});
