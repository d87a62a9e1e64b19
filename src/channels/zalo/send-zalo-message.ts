// Channel.send for Zalo: no buttons exist (§9), so every message becomes plain text (menus as numbered
// lines), split at the 2,000-character limit (§7) and sent part by part, in order. Never throws.
import { renderAsPlainText } from "../../core/conversation/options-text.ts";
import type { Locale, OutboundMessage, SendResult } from "../../core/ports.ts";
import type { Translator } from "../../shared/i18n/index.ts";
import type { Logger } from "../../shared/logging/logger.ts";
import { splitText } from "../../shared/text/fold.ts";
import { describeZaloError } from "./describe-zalo-error.ts";
import { isZaloApiError, ZALO_TEXT_LIMIT, type ZaloApiClient } from "./zalo-api-client.ts";

export interface ZaloSendOptions {
  client: ZaloApiClient;
  translator: Translator;
  logger: Logger;
  /** Called when Zalo rejects the token, so the channel can report it once and stop. */
  onAuthFailure: () => void;
}

/** How long the sender pauses Zalo after a 429 (its answer names no wait). */
export const ZALO_RATE_LIMIT_PAUSE_MS = 1_000;

export type ZaloSend = (externalId: string, message: OutboundMessage, locale: Locale) => Promise<SendResult>;

/** The parts one outbound message becomes on Zalo. */
export function renderZaloParts(message: OutboundMessage, translator: Translator, locale: Locale): string[] {
  return splitText(renderAsPlainText(message, translator.t, locale), ZALO_TEXT_LIMIT);
}

export function createZaloSend(options: ZaloSendOptions): ZaloSend {
  const { client, translator, logger } = options;
  return async (externalId, message, locale) => {
    let parts: string[];
    try {
      parts = renderZaloParts(message, translator, locale);
    } catch (error) {
      logger.error({ kind: message.kind, errName: describeZaloError(error).errName }, "Zalo send skipped: rendering failed");
      return { status: "permanent" };
    }
    if (parts.length === 0) {
      logger.warn({ kind: message.kind }, "Zalo send skipped: the message is empty");
      return { status: "permanent" };
    }
    let lastId: string | undefined;
    for (const [index, text] of parts.entries()) {
      try {
        lastId = (await client.sendMessage({ chat_id: externalId, text })).message_id ?? lastId;
      } catch (error) {
        logger.warn({ ...describeZaloError(error), method: "sendMessage", part: index + 1, parts: parts.length }, "Zalo message not delivered");
        if (isZaloApiError(error) && error.kind === "auth") options.onAuthFailure();
        const status = classifyZaloFailure(error);
        if (status !== "retryable") return { status };
        // Zalo names no wait for its 429: the sender pauses the channel a second. A failure without an
        // answer from Zalo (network, timeout) may have reached it: bulk is not repeated then.
        if (isZaloApiError(error) && error.kind === "rate_limited") return { status, retryAfterMs: ZALO_RATE_LIMIT_PAUSE_MS };
        return { status, ...(isZaloApiError(error) && typeof error.error_code === "number" ? {} : { maybeDelivered: true }) };
      }
    }
    return lastId === undefined ? { status: "sent" } : { status: "sent", channelMessageId: lastId };
  };
}

/**
 * The one place that decides what a failed Zalo send means. Zalo has no known "blocked the bot" code, so
 * nothing is unreachable; a rejected request (bad_request) is permanent; auth, rate limits, transient and
 * unknown failures are retryable (an auth failure heals when the token is fixed and the app restarted).
 */
export function classifyZaloFailure(error: unknown): "retryable" | "permanent" {
  return isZaloApiError(error) && error.kind === "bad_request" ? "permanent" : "retryable";
}
