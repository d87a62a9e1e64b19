import { describe, expect, it } from "vitest";
import { z } from "zod";
import { classifyZaloError, redactToken, ZaloApiError, type ZaloErrorKind } from "../../../../src/channels/zalo/zalo-api-errors.ts";
import { interpretZaloResponse } from "../../../../src/channels/zalo/zalo-api-response.ts";
import { backoffDelay, decideRetry, resolveRetryOptions } from "../../../../src/channels/zalo/zalo-retry-policy.ts";

const policy = { baseDelayMs: 100, maxDelayMs: 1_000, maxAttempts: 4 };
const err = (kind: ZaloErrorKind, method = "sendMessage") => new ZaloApiError({ method, kind, description: "x" });
const noRedact = (t: string) => t;

describe("classifyZaloError", () => {
  it.each([
    [401, "sendMessage", "auth"],
    [429, "sendMessage", "rate_limited"],
    [403, "sendMessage", "transient"], // the docs call 403 "Internal server error"
    [500, "getMe", "transient"],
    [503, "getMe", "transient"],
    [408, "getUpdates", "timeout_idle"],
    [408, "sendMessage", "transient"],
    [400, "sendMessage", "bad_request"],
    [404, "getWebhookInfo", "bad_request"],
    [426, "testWebhook", "bad_request"],
    [undefined, "sendMessage", "bad_request"],
  ] as const)("%s from %s → %s", (code, method, kind) => {
    expect(classifyZaloError(method, code)).toBe(kind);
  });
});

describe("decideRetry", () => {
  it("retries rate limits and transient failures with capped exponential back-off", () => {
    const steps = [1, 2, 3].map((attempt) => decideRetry(err("rate_limited"), attempt, policy, () => 1));
    expect(steps).toEqual([
      { retry: true, delayMs: 100 },
      { retry: true, delayMs: 200 },
      { retry: true, delayMs: 400 },
    ]);
    expect(decideRetry(err("transient"), 1, policy, () => 0)).toEqual({ retry: true, delayMs: 50 });
  });

  it("stops after maxAttempts", () => {
    expect(decideRetry(err("transient"), 4, policy)).toEqual({ retry: false, reason: "exhausted" });
  });

  it("never retries 401 or 400; 408 from getUpdates is idle", () => {
    expect(decideRetry(err("auth"), 1, policy)).toEqual({ retry: false, reason: "fatal" });
    expect(decideRetry(err("bad_request"), 1, policy)).toEqual({ retry: false, reason: "fatal" });
    expect(decideRetry(err("timeout_idle", "getUpdates"), 1, policy)).toEqual({ retry: false, reason: "idle" });
  });

  it("caps every delay at maxDelayMs, even after many failures", () => {
    expect(backoffDelay(50, policy, () => 1)).toBe(1_000);
    expect(backoffDelay(50, policy, () => 0)).toBe(500);
  });

  it("fills in defaults and clamps silly overrides", () => {
    expect(resolveRetryOptions({ maxAttempts: 0 })).toMatchObject({ maxAttempts: 1, baseDelayMs: 1_000, maxDelayMs: 30_000 });
  });
});

describe("interpretZaloResponse", () => {
  const schema = z.looseObject({ id: z.string() });

  it("checks ok in the body, not only the HTTP status", () => {
    expect(() => interpretZaloResponse("getMe", 200, JSON.stringify({ ok: false, error_code: 401, description: "Unauthorized" }), schema, noRedact)).toThrow(
      expect.objectContaining({ kind: "auth", error_code: 401 }),
    );
    expect(() => interpretZaloResponse("getMe", 500, JSON.stringify({ ok: true, result: { id: "1" } }), schema, noRedact)).toThrow(
      expect.objectContaining({ kind: "transient", error_code: 500 }),
    );
  });

  it("accepts errorCode as well as error_code, and numeric strings", () => {
    expect(() => interpretZaloResponse("testWebhook", 200, JSON.stringify({ ok: false, errorCode: 426, description: "limit" }), schema, noRedact)).toThrow(
      expect.objectContaining({ error_code: 426, kind: "bad_request" }),
    );
    expect(() => interpretZaloResponse("sendMessage", 200, JSON.stringify({ ok: false, error_code: "429" }), schema, noRedact)).toThrow(
      expect.objectContaining({ error_code: 429, kind: "rate_limited" }),
    );
  });

  it("falls back to the HTTP status when the body is not a Bot API body", () => {
    expect(() => interpretZaloResponse("getMe", 401, "Unauthorized", schema, noRedact)).toThrow(expect.objectContaining({ kind: "auth", error_code: 401 }));
    expect(() => interpretZaloResponse("getMe", 200, "<html>", schema, noRedact)).toThrow(expect.objectContaining({ kind: "transient" }));
  });

  it("rejects a success whose result has the wrong shape (ids must be strings)", () => {
    expect(() => interpretZaloResponse("getMe", 200, JSON.stringify({ ok: true, result: { id: 1234567890 } }), schema, noRedact)).toThrow(
      expect.objectContaining({ kind: "bad_request" }),
    );
  });
});

describe("redactToken", () => {
  it("removes the whole token, its secret half and its URL-encoded form", () => {
    const token = "1234567890123456789:abc-XYZ_secret-part";
    const text = `a /bot${token}/x b ${encodeURIComponent(token)} c abc-XYZ_secret-part`;
    const out = redactToken(text, token);
    expect(out).not.toContain("abc-XYZ_secret-part");
    expect(out).toContain("[redacted]");
  });
});
