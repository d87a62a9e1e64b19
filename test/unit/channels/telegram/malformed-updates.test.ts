// Updates that carry the right secret but fields the product cannot use, and Bot API errors that do not
// look like Telegram's: the adapter answers, logs one precise line and never lets them reach grammY's
// handlers, the core, or the process (unhandled rejections).
import type { AddressInfo } from "node:net";
import { serve, type ServerType } from "@hono/node-server";
import { Hono } from "hono";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createTelegramChannel, type TelegramChannelHandle } from "../../../../src/channels/telegram/index.ts";
import { deriveWebhookSecret } from "../../../../src/channels/telegram/webhook-app.ts";
import { matchLocale } from "../../../../src/shared/i18n/index.ts";
import { startFakeTelegram, type FakeTelegramBotApi } from "../../../fakes/telegram-bot-api.ts";
import { captureLogger, MemoryLocks, RecordingSink, telegramTranslator } from "./support.ts";

const CHAT = 5550077;
/** grammY's per-request timer in createBot (timeoutSeconds: 75). */
const REQUEST_TIMEOUT_MS = 75_000;
let fake: FakeTelegramBotApi;
let sink: RecordingSink;
let handle: TelegramChannelHandle;
let server: ServerType;
let publicUrl: string;
let log: ReturnType<typeof captureLogger>;

async function post(body: unknown): Promise<Response> {
  const headers = { "content-type": "application/json", "x-telegram-bot-api-secret-token": deriveWebhookSecret(fake.token) };
  return await fetch(`${publicUrl}/webhooks/telegram`, { method: "POST", headers, body: typeof body === "string" ? body : JSON.stringify(body) });
}

const logged = (): Array<Record<string, unknown>> => log.lines.map((l) => JSON.parse(l) as Record<string, unknown>);
const deeplyNested = (depth: number): string => `${"[".repeat(depth)}"x"${"]".repeat(depth)}`;

beforeEach(async () => {
  fake = await startFakeTelegram();
  sink = new RecordingSink();
  log = captureLogger();
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
    logger: log.logger,
    locks: new MemoryLocks(),
  });
  sink.channel = handle.channel;
  app.route("/webhooks/telegram", handle.webhook!);
});

afterEach(async () => {
  vi.restoreAllMocks();
  await handle.stop();
  await fake.close();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

describe("telegram webhook: well-formed updates with unusable fields", () => {
  it("a callback_query.id that is a deeply nested array is answered 200, logged by field and never reaches grammY (no leaked request timer)", async () => {
    await handle.start();
    // grammY arms a 75 s timer per Bot API call before serialising the payload; a payload JSON.stringify
    // cannot serialise leaves that timer armed, and its rejection later ends the process.
    const realSetTimeout = globalThis.setTimeout;
    const armed = new Set<unknown>();
    vi.spyOn(globalThis, "setTimeout").mockImplementation(((fn: () => void, ms?: number, ...args: unknown[]) => {
      const timer = realSetTimeout(fn, ms, ...args);
      if (ms === REQUEST_TIMEOUT_MS) armed.add(timer);
      return timer;
    }) as typeof setTimeout);
    const realClearTimeout = globalThis.clearTimeout;
    vi.spyOn(globalThis, "clearTimeout").mockImplementation((timer) => {
      armed.delete(timer);
      realClearTimeout(timer);
    });
    const message = `{"message_id":1,"date":0,"chat":{"id":${CHAT},"type":"private"},"text":"menu"}`;
    const body = `{"update_id":901,"callback_query":{"id":${deeplyNested(20_000)},"from":{"id":${CHAT},"is_bot":false,"first_name":"T"},"chat_instance":"ci","message":${message},"data":"c:3:info"}}`;
    const response = await post(body);
    const leaked = [...armed];
    for (const timer of leaked) realClearTimeout(timer as NodeJS.Timeout); // never let a leak fire after the test
    expect(response.status).toBe(200);
    expect(leaked).toHaveLength(0);
    expect(fake.callsOf("answerCallbackQuery")).toHaveLength(0);
    expect(sink.envelopes).toHaveLength(0);
    expect(logged()).toContainEqual(expect.objectContaining({ updateId: 901, field: "callback_query.id", msg: expect.stringContaining("ignored") as unknown }));
  });

  it("a non-string language_code is answered 200 and ignored before the core sees it (no failing turn, no failing apology)", async () => {
    await handle.start();
    // What the engine does with the hint: a number here used to throw in the turn and again in the apology.
    sink.reply = (envelope) => ({ kind: "text", text: `locale ${matchLocale(envelope.localeHint) ?? "none"}` });
    for (const [updateId, languageCode] of [
      [902, 5],
      [903, { en: true }],
      [904, ["vi"]],
      [905, "x".repeat(200)],
    ] as const) {
      const response = await post({
        update_id: updateId,
        message: { ...fake.baseMessage(CHAT), from: { id: CHAT, is_bot: false, first_name: "T", language_code: languageCode }, text: "secret words" },
      });
      expect(response.status).toBe(200);
      expect(logged()).toContainEqual(expect.objectContaining({ updateId, field: "message.from.language_code" }));
    }
    expect(sink.envelopes).toHaveLength(0);
    expect(fake.callsOf("sendMessage")).toHaveLength(0);
    expect(log.lines.join("\n")).not.toContain("secret words");
    expect(log.lines.join("\n")).not.toContain(String(CHAT));
    expect(logged().filter((l) => l.level === 50)).toEqual([]);
  });

  it("answers 400 for bodies that are not updates at all, 200 for updates of kinds the bot does not read", async () => {
    await handle.start();
    for (const body of ["[]", "null", '"update"', "12", '{"update_id":"7"}', '{"update_id":-1}', '{"update_id":1.5}', `{"update_id":${2 ** 60}}`]) {
      expect((await post(body)).status, body).toBe(400);
    }
    expect((await post({ update_id: 906, poll: { id: 5 } })).status).toBe(200);
    expect((await post({ update_id: 907, business_message: { chat: { id: { toString: 1 } } } })).status).toBe(200);
    expect(sink.envelopes).toHaveLength(0);
    expect(logged().filter((l) => l.level === 50)).toEqual([]);
  });

  it("still handles a valid update after malformed ones", async () => {
    await handle.start();
    await post({ update_id: 908, message: { ...fake.baseMessage(CHAT), chat: { id: "not-a-number", type: "private" }, text: "x" } });
    fake.injectText(CHAT, "xin chào");
    await fake.waitForCall("sendMessage", (c) => c.status === 200);
    expect(sink.envelopes.map((e) => e.event)).toEqual([{ kind: "text", text: "xin chào" }]);
  });
});

describe("telegram start-up against a Bot API whose errors lack a description", () => {
  it("survives a failing setMyCommands: logs it and goes on to set the webhook", async () => {
    fake.injectFault("setMyCommands", { kind: "raw", status: 400, body: { ok: false, error_code: 400 } }, 3);
    await expect(handle.start()).resolves.toBeUndefined();
    expect(fake.callsOf("setWebhook", (c) => c.status === 200)).toHaveLength(1);
    expect(logged()).toContainEqual(expect.objectContaining({ msg: expect.stringContaining("setMyCommands failed") as unknown }));
  });

  it("survives a setMyCommands answer that is not JSON at all", async () => {
    fake.injectFault("setMyCommands", { kind: "raw", status: 502, body: "<html>bad gateway</html>" }, 3);
    await expect(handle.start()).resolves.toBeUndefined();
    expect(fake.callsOf("setWebhook", (c) => c.status === 200)).toHaveLength(1);
  });
});

describe("telegram long polling: the same check as the first middleware", () => {
  it("drops unusable fetched updates with one log line, keeps polling and handles the next one", async () => {
    await handle.stop(); // the webhook-mode handle of beforeEach is not used here
    const polling = createTelegramChannel({
      token: fake.token,
      apiRoot: fake.apiRoot,
      sink,
      translator: telegramTranslator(),
      logger: log.logger,
      locks: new MemoryLocks(),
    });
    sink.channel = polling.channel;
    await polling.start();
    try {
      const callback = {
        id: [["x"]],
        from: { id: CHAT, is_bot: false, first_name: "T" },
        chat_instance: "ci",
        message: { message_id: 1, date: 0, chat: { id: CHAT, type: "private" } },
        data: "c:3:info",
      };
      const bad = fake.injectUpdate({ callback_query: callback });
      const badLocale = fake.injectUpdate({
        message: { ...fake.baseMessage(CHAT), from: { id: CHAT, is_bot: false, first_name: "T", language_code: 7 }, text: "hi" },
      });
      fake.injectText(CHAT, "xin chào");
      await fake.waitForCall("sendMessage", (c) => c.status === 200);
      expect(sink.envelopes.map((e) => e.event)).toEqual([{ kind: "text", text: "xin chào" }]);
      expect(fake.callsOf("answerCallbackQuery")).toHaveLength(0);
      expect(logged()).toContainEqual(expect.objectContaining({ updateId: bad.update_id, field: "callback_query.id", via: "pipeline" }));
      expect(logged()).toContainEqual(expect.objectContaining({ updateId: badLocale.update_id, field: "message.from.language_code" }));
    } finally {
      await polling.stop();
    }
  });
});
