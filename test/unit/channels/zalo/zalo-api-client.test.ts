import { inspect } from "node:util";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createZaloApiClient, isZaloApiError, type ZaloApiError, type ZaloApiClient } from "../../../../src/channels/zalo/zalo-api-client.ts";
import { FakeZaloBotApi, type StatusMode } from "../../../fakes/zalo-bot-api.ts";
import { captureLogger, type CapturedLogger } from "./zalo-test-kit.ts";

const FAST = { baseDelayMs: 1, maxDelayMs: 5, maxAttempts: 3 };

async function failure(promise: Promise<unknown>): Promise<ZaloApiError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!isZaloApiError(error)) throw new Error(`expected ZaloApiError, got ${String(error)}`);
  return error;
}

function expectNoToken(token: string, ...texts: string[]): void {
  const secret = token.slice(token.indexOf(":") + 1);
  for (const text of texts) {
    expect(text).not.toContain(token);
    expect(text).not.toContain(secret);
    expect(text).not.toContain(encodeURIComponent(token));
  }
}

describe.each<StatusMode>(["error_code", "always_200"])("Zalo API client (status mode %s)", (statusMode) => {
  let fake: FakeZaloBotApi;
  let client: ZaloApiClient;
  let log: CapturedLogger;

  beforeEach(async () => {
    fake = await FakeZaloBotApi.start({ statusMode, resolveWebhookUrl: () => "http://127.0.0.1:9/unreachable" });
    log = captureLogger();
    client = createZaloApiClient({ token: fake.token, apiBase: fake.baseUrl, logger: log.logger, retry: FAST });
  });
  afterEach(async () => {
    await fake.close();
  });

  it("getMe keeps the 19-digit bot id a string; calls are POST JSON with the token only in the path", async () => {
    const me = await client.getMe();
    expect(me.id).toBe(fake.world.botId);
    expect(typeof me.id).toBe("string");
    expect(me.account_type).toBe("BASIC");
    const call = fake.callsOf("getMe")[0];
    expect(call).toMatchObject({ httpMethod: "POST", tokenValid: true, path: "/bot[redacted]/getMe", status: 200 });
  });

  it("sendMessage returns Zalo's 20-hex message id; sendChatAction accepts a result-less {ok:true}", async () => {
    const sent = await client.sendMessage({ chat_id: "a1b2c3d4e5f6a7b8c9d0", text: "Xin chào 👋" });
    expect(sent.message_id).toMatch(/^[0-9a-f]{20}$/);
    await expect(client.sendChatAction({ chat_id: "a1b2c3d4e5f6a7b8c9d0" })).resolves.toBeUndefined();
    expect(fake.callsOf("sendChatAction")[0]?.params).toEqual({ chat_id: "a1b2c3d4e5f6a7b8c9d0", action: "typing" });
    const photo = await client.sendPhoto({ chat_id: "a1b2c3d4e5f6a7b8c9d0", photo: "https://example.org/poster.jpg", caption: "Tờ rơi" });
    expect(photo.message_id).toMatch(/^[0-9a-f]{20}$/);
    await expect(client.sendPhoto({ chat_id: "a1b2c3d4e5f6a7b8c9d0", photo: "http://example.org/poster.jpg" })).rejects.toMatchObject({ kind: "bad_request" });
  });

  it("webhook lifecycle: setWebhook → getWebhookInfo → deleteWebhook", async () => {
    const set = await client.setWebhook({ url: "https://bot.example.org/webhooks/zalo", secret_token: "s".repeat(40) });
    expect(set.url).toBe("https://bot.example.org/webhooks/zalo");
    expect(set.verification).toMatchObject({ ok: false, outcome: "webhook.err.conn" });
    expect((await client.getWebhookInfo()).url).toBe("https://bot.example.org/webhooks/zalo");
    expect((await client.deleteWebhook()).url).toBe("");
    expect((await client.getWebhookInfo()).url).toBe("");
  });

  it.each([
    ["429 Quota exceeded", { kind: "quota" }],
    ["403 Internal server error", { kind: "internal" }],
    ["502 with a Bot API body", { kind: "server_error", status: 502 }],
    ["a non-JSON proxy page", { kind: "non_json" }],
    ["a dropped connection", { kind: "drop" }],
  ] as const)("retries after %s, then succeeds", async (_label, fault) => {
    fake.failNext("sendMessage", fault);
    const sent = await client.sendMessage({ chat_id: "a1b2c3d4e5f6a7b8c9d0", text: "hi" });
    expect(sent.message_id).toMatch(/^[0-9a-f]{20}$/);
    expect(fake.callsOf("sendMessage")).toHaveLength(2);
    expect(log.text()).toContain("retrying");
  });

  it("gives up after maxAttempts with kind rate_limited", async () => {
    fake.failNext("sendMessage", { kind: "quota" }, 5);
    const error = await failure(client.sendMessage({ chat_id: "x".repeat(20), text: "hi" }));
    expect(error).toMatchObject({ kind: "rate_limited", error_code: 429, description: "Quota exceeded", attempts: 3, method: "sendMessage" });
    expect(fake.callsOf("sendMessage")).toHaveLength(3);
  });

  it("401 is fatal at once (kind auth), and the error never contains the token", async () => {
    const bad = createZaloApiClient({ token: "999:wrong-secret-value-123456", apiBase: fake.baseUrl, logger: log.logger, retry: FAST });
    const error = await failure(bad.getMe());
    expect(error).toMatchObject({ kind: "auth", error_code: 401, attempts: 1 });
    expect(fake.callsOf("getMe")).toHaveLength(1);
    expectNoToken("999:wrong-secret-value-123456", error.message, error.stack ?? "", inspect(error, { depth: 5 }), JSON.stringify(error));
  });

  it("400 is fatal at once (kind bad_request): text must be 1–2000 characters", async () => {
    const error = await failure(client.sendMessage({ chat_id: "x".repeat(20), text: "a".repeat(2001) }));
    expect(error).toMatchObject({ kind: "bad_request", error_code: 400, attempts: 1 });
    expect(fake.callsOf("sendMessage")).toHaveLength(1);
  });

  it("getUpdates: 408 means idle (undefined), and an injected update comes back with string ids", async () => {
    await expect(client.getUpdates({ timeout: 0 })).resolves.toBeUndefined();
    expect(fake.callsOf("getUpdates")[0]?.params).toEqual({ timeout: "0" });
    const pending = client.getUpdates({ timeout: 5 });
    await fake.waitFor(() => fake.heldPolls === 1, undefined, "a held poll");
    const injected = await fake.inject({ text: "alo" });
    const update = await pending;
    expect(update).toMatchObject({ event_name: "message.text.received", message: { message_id: injected.messageId, text: "alo" } });
  });

  it("getUpdates is released after its timeout with 408 → undefined", async () => {
    const started = Date.now();
    await expect(client.getUpdates({ timeout: 1 })).resolves.toBeUndefined();
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
  });

  it("an aborted call rejects without a ZaloApiError and without retrying", async () => {
    const controller = new AbortController();
    const pending = client.getUpdates({ timeout: 5 }, { signal: controller.signal });
    await fake.waitFor(() => fake.heldPolls === 1, undefined, "a held poll");
    controller.abort();
    const error: unknown = await pending.catch((e: unknown) => e);
    expect(isZaloApiError(error)).toBe(false);
    expect((error as Error).name).toBe("AbortError");
    expect(fake.callsOf("getUpdates")).toHaveLength(1);
  });

  it("redacts the token from server descriptions and never logs it", async () => {
    fake.failNext("sendMessage", { kind: "error", code: 400, description: `bad path /bot${fake.token}/sendMessage` });
    const error = await failure(client.sendMessage({ chat_id: "x".repeat(20), text: "hi" }));
    expect(error.description).toContain("[redacted]");
    fake.failNext("sendMessage", { kind: "quota" });
    await client.sendMessage({ chat_id: "x".repeat(20), text: "hi" });
    expectNoToken(fake.token, error.message, inspect(error), log.text());
  });
});

describe("Zalo API client: transport failures", () => {
  it("a refused connection becomes a transient ZaloApiError that carries nothing from axios", async () => {
    const token = "1234567890123456789:secret-for-a-refused-connection";
    const log = captureLogger();
    const client = createZaloApiClient({ token, apiBase: "http://127.0.0.1:9", logger: log.logger, retry: { ...FAST, maxAttempts: 2 } });
    const error = await failure(client.getMe());
    expect(error).toMatchObject({ kind: "transient", attempts: 2, error_code: undefined });
    expect(error.cause).toBeUndefined();
    expectNoToken(token, error.message, error.stack ?? "", inspect(error, { depth: 10 }), JSON.stringify(error), log.text());
  });

  it("a client-side timeout is transient", async () => {
    const fake = await FakeZaloBotApi.start();
    try {
      fake.failNext("getMe", { kind: "slow", ms: 500 });
      const client = createZaloApiClient({ token: fake.token, apiBase: `${fake.baseUrl}/`, retry: { ...FAST, maxAttempts: 1 }, requestTimeoutMs: 100 });
      const error = await failure(client.getMe());
      expect(error).toMatchObject({ kind: "transient", description: "request timed out" });
    } finally {
      await fake.close();
    }
  });
});
