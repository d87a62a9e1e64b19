// Fuzz: the WHOLE app in Telegram webhook mode (fake Bot API on loopback), hostile bodies POSTed with the
// right secret to /webhooks/telegram. Invariants: never a 5xx, nothing reaches the process-level error
// hooks, no grammY request timer is left armed, no prototype pollution, the app still answers a person
// afterwards, and RSS grows by less than a generous bound. See fuzz-kit.ts to reproduce a failure.
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { deriveWebhookSecret } from "../../src/channels/telegram/webhook-app.ts";
import { startFakeTelegram, type FakeTelegramBotApi } from "../fakes/telegram-bot-api.ts";
import { freePort } from "../helpers/free-port.ts";
import { startTestApp, type TestApp } from "../helpers/start-app.ts";
import { arbitraryJsonBody, badUtf8Body, deepNest, FUZZ_SEED, fuzzParameters, mutatedBody, rawBytesBody, type FuzzBody } from "./fuzz-kit.ts";
import { errorLog, expectCleanRun, MB, postBody, rss, watchProcess, type ProcessWatch } from "./fuzz-watch.ts";

/** grammY's per-request timer (createBot: timeoutSeconds 75). */
const REQUEST_TIMEOUT_MS = 75_000;
const MAX_CHARS = 70_000; // a little over the web app's 64 KiB limit, so 413 is exercised too
const RSS_GROWTH_LIMIT = 300 * MB;
/** Generous: the whole app answers every request, on a machine shared with other work. */
const PROPERTY_TIMEOUT_MS = 120_000;
/** Fields the product (and grammY on its behalf) reads: mutated more often. */
const READ_FIELDS = [
  "update_id",
  "message",
  "callback_query",
  "my_chat_member",
  "chat",
  "from",
  "id",
  "type",
  "text",
  "language_code",
  "data",
  "new_chat_member",
  "status",
];

let fake: FakeTelegramBotApi;
let app: TestApp;
let watch: ProcessWatch;
const log = errorLog();
let webhookUrl = "";
let secret = "";
let requests = 0;
let rssBefore = 0;

const chatId = fc.integer({ min: 9_100_001, max: 9_100_012 }); // a few people, so the database stays small
const user = (id: number, languageCode: string) => ({ id, is_bot: false, first_name: "Fuzz", language_code: languageCode });
const privateMessage = (id: number, languageCode: string, messageId: number) => ({
  message_id: messageId,
  date: 1_790_000_000,
  chat: { id, type: "private", first_name: "Fuzz" },
  from: user(id, languageCode),
});

/** Updates as Telegram sends them: text, commands, button taps, media, block/unblock, a group message. */
const validUpdate: fc.Arbitrary<Record<string, unknown>> = fc
  .tuple(fc.integer({ min: 1, max: 2 ** 31 }), chatId, fc.constantFrom("vi", "en", "en-US"), fc.integer({ min: 1, max: 10_000 }), fc.string({ maxLength: 40 }))
  .chain(([updateId, id, lang, messageId, text]) =>
    fc.constantFrom<Record<string, unknown>>(
      { update_id: updateId, message: { ...privateMessage(id, lang, messageId), text } },
      { update_id: updateId, message: { ...privateMessage(id, lang, messageId), text: "/start", entities: [{ type: "bot_command", offset: 0, length: 6 }] } },
      {
        update_id: updateId,
        callback_query: { id: `cbq${updateId}`, from: user(id, lang), chat_instance: `ci${id}`, message: privateMessage(id, lang, messageId), data: "c:1:vi" },
      },
      {
        update_id: updateId,
        message: { ...privateMessage(id, lang, messageId), photo: [{ file_id: "f", file_unique_id: "u", width: 1, height: 1 }], caption: text },
      },
      {
        update_id: updateId,
        my_chat_member: {
          chat: { id, type: "private" },
          from: user(id, lang),
          date: 0,
          old_chat_member: { status: "member" },
          new_chat_member: { status: "kicked" },
        },
      },
      { update_id: updateId, message: { ...privateMessage(id, lang, messageId), chat: { id: -100 - id, type: "supergroup", title: "g" }, text } },
    ),
  );

async function send(body: FuzzBody): Promise<number> {
  requests += 1;
  return await postBody(webhookUrl, body, { "x-telegram-bot-api-secret-token": secret });
}

/** The answers an edge may give: 200 (handled or ignored), 400 (not an update / not JSON), 413 (too big). */
function expectEdgeStatus(status: number): void {
  expect([200, 400, 413]).toContain(status);
}

beforeAll(async () => {
  fake = await startFakeTelegram();
  // A Bot API emulator whose errors carry no description must not stop start-up (it used to).
  fake.injectFault("setMyCommands", { kind: "raw", status: 400, body: { ok: false, error_code: 400 } }, 3);
  const port = await freePort();
  app = await startTestApp({
    logger: log.logger,
    env: { TELEGRAM_BOT_TOKEN: fake.token, TELEGRAM_API_ROOT: fake.apiRoot, PORT: String(port), PUBLIC_URL: `http://127.0.0.1:${port}` },
  });
  webhookUrl = `${app.url}/webhooks/telegram`;
  secret = deriveWebhookSecret(fake.token);
  watch = watchProcess(REQUEST_TIMEOUT_MS);
  // Warm-up (first turns load catalogues and compile queries), then the memory baseline.
  for (let i = 0; i < 5; i++)
    await send({ label: "warm-up", body: JSON.stringify({ update_id: 1 + i, message: { ...privateMessage(9_100_001, "vi", i + 1), text: "/start" } }) });
  await app.engine.drain();
  rssBefore = rss();
  console.log(`[fuzz] telegram webhook: seed ${FUZZ_SEED}`);
}, 120_000);

afterAll(async () => {
  watch?.stop();
  await app?.stop();
  await fake?.close();
});

describe("fuzz: Telegram webhook through the whole app", () => {
  it(
    "arbitrary JSON and raw bytes: 200, 400 or 413, never 5xx",
    async () => {
      await fc.assert(
        fc.asyncProperty(fc.oneof({ weight: 4, arbitrary: arbitraryJsonBody(MAX_CHARS) }, { weight: 1, arbitrary: rawBytesBody }), async (body) =>
          expectEdgeStatus(await send(body)),
        ),
        fuzzParameters(80),
      );
    },
    PROPERTY_TIMEOUT_MS,
  );

  it(
    "valid-looking updates with one field mutated or one hostile key added, and bad UTF-8 inside strings",
    async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.oneof({ weight: 4, arbitrary: mutatedBody(validUpdate, MAX_CHARS, { focus: READ_FIELDS }) }, { weight: 1, arbitrary: badUtf8Body(validUpdate) }),
          async (body) => expectEdgeStatus(await send(body)),
        ),
        fuzzParameters(120),
      );
    },
    PROPERTY_TIMEOUT_MS,
  );

  it(
    "deeply nested arrays in the fields the product reads (grammY once leaked a request timer on callback_query.id)",
    async () => {
      await fc.assert(
        fc.asyncProperty(mutatedBody(validUpdate, MAX_CHARS, { focus: READ_FIELDS, focusShare: 1, replacements: deepNest }), async (body) =>
          expectEdgeStatus(await send(body)),
        ),
        fuzzParameters(100),
      );
      expect(watch.leakedTimers()).toBe(0);
    },
    PROPERTY_TIMEOUT_MS,
  );

  it("afterwards: no process-level errors, no error-level log lines, no leaked request timers, no pollution, bounded memory, and a person still gets an answer", async () => {
    await app.engine.drain();
    expectCleanRun({ name: "telegram webhook", watch, errors: log.errors, rssBefore, requests, rssGrowthLimit: RSS_GROWTH_LIMIT });

    const before = fake.callsOf("sendMessage", (c) => c.params.chat_id === 9_100_999).length;
    const status = await send({
      label: "liveness",
      body: JSON.stringify({ update_id: 2 ** 31 + 7, message: { ...privateMessage(9_100_999, "vi", 1), text: "/start" } }),
    });
    expect(status).toBe(200);
    await app.engine.drain();
    expect(fake.callsOf("sendMessage", (c) => c.params.chat_id === 9_100_999).length).toBeGreaterThan(before);
  });
});
