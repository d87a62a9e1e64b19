// What a failed Telegram send means, decided in one function: the engine retries "retryable" later, drops
// "permanent", and marks the person "unreachable".
import { GrammyError, HttpError } from "grammy";
import { describe, expect, it } from "vitest";
import { classifyTelegramFailure } from "../../../../src/channels/telegram/send-message.ts";

const apiError = (error_code: number, description: string): GrammyError =>
  new GrammyError(`Call to 'sendMessage' failed! (${error_code}: ${description})`, { ok: false, error_code, description }, "sendMessage", {});

describe("classifyTelegramFailure", () => {
  it.each([
    [403, "Forbidden: bot was blocked by the user", "unreachable"],
    [403, "Forbidden: user is deactivated", "unreachable"],
    [400, "Bad Request: chat not found", "unreachable"],
    [400, "Bad Request: PEER_ID_INVALID", "unreachable"],
    [400, "Bad Request: message is too long", "permanent"],
    [400, "Bad Request: can't parse entities: Unsupported start tag", "permanent"],
    [400, "Bad Request: BUTTON_DATA_INVALID", "permanent"],
    [429, "Too Many Requests: retry after 5", "retryable"],
    [500, "Internal Server Error", "retryable"],
    [502, "Bad Gateway", "retryable"],
  ] as const)("%i %s → %s", (code, description, status) => {
    expect(classifyTelegramFailure(apiError(code, description))).toBe(status);
  });

  it("treats a network failure (HttpError) as retryable", () => {
    expect(classifyTelegramFailure(new HttpError("Network request for 'sendMessage' failed!", new Error("ECONNRESET")))).toBe("retryable");
  });

  it("treats anything else thrown as retryable", () => {
    expect(classifyTelegramFailure(new TypeError("fetch failed"))).toBe("retryable");
    expect(classifyTelegramFailure(undefined)).toBe("retryable");
  });
});
