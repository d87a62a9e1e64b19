// What a failed Zalo send means, decided in one function. Zalo has no "blocked the bot" code, so nothing is
// unreachable; only a rejected request is permanent.
import { describe, expect, it } from "vitest";
import { classifyZaloError, ZaloApiError, type ZaloErrorKind } from "../../../../src/channels/zalo/zalo-api-errors.ts";
import { classifyZaloFailure } from "../../../../src/channels/zalo/send-zalo-message.ts";

const failure = (kind: ZaloErrorKind, error_code?: number): ZaloApiError => new ZaloApiError({ method: "sendMessage", kind, error_code, description: "x" });

describe("classifyZaloFailure", () => {
  it.each([
    ["bad_request", "permanent"],
    ["auth", "retryable"],
    ["rate_limited", "retryable"],
    ["transient", "retryable"],
    ["timeout_idle", "retryable"],
  ] as const)("kind %s → %s", (kind, status) => {
    expect(classifyZaloFailure(failure(kind))).toBe(status);
  });

  // From the Bot API's error code, through the client's kind, to the send's status.
  it.each([
    [400, "permanent"],
    [404, "permanent"],
    [401, "retryable"], // heals once the token is fixed and the app restarted
    [403, "retryable"], // Zalo documents 403 as an internal server error
    [408, "retryable"],
    [429, "retryable"],
    [500, "retryable"],
    [503, "retryable"],
  ] as const)("error code %i → %s", (code, status) => {
    expect(classifyZaloFailure(failure(classifyZaloError("sendMessage", code), code))).toBe(status);
  });

  it("treats a network failure and anything unexpected as retryable", () => {
    expect(classifyZaloFailure(failure("transient"))).toBe("retryable");
    expect(classifyZaloFailure(new Error("socket hang up"))).toBe("retryable");
    expect(classifyZaloFailure(undefined)).toBe("retryable");
  });
});
