// Channel.send for Telegram. Never throws: classifyTelegramFailure decides what a failure means.
// Short 5xx retries happen below, in the auto-retry transformer installed on the Api; a 429 comes back
// with its retry_after for the sender to honour.
import { GrammyError, type Api } from "grammy";
import type { Logger } from "../../shared/logging/logger.ts";
import type { OutboundMessage, SendResult } from "../../core/ports.ts";
import { describeError } from "./describe-error.ts";
import { renderMessage } from "./render-message.ts";

export interface CreateSendOptions {
  api: Api;
  logger: Logger;
  token: string;
}

export type TelegramSend = (externalId: string, message: OutboundMessage) => Promise<SendResult>;

/** Returns the `send` of the Telegram channel. Locale is not needed: labels arrive translated. */
export function createSend({ api, logger, token }: CreateSendOptions): TelegramSend {
  return async (externalId, message) => {
    const parts = renderMessage(message);
    if (parts.length === 0) {
      logger.warn({ kind: message.kind }, "telegram: refusing to send an empty message");
      return { status: "permanent" };
    }
    const chatId = /^-?\d{1,16}$/.test(externalId) ? Number(externalId) : externalId;
    let lastId: number | undefined;
    for (const part of parts) {
      try {
        const sent = await api.sendMessage(chatId, part.html, {
          parse_mode: "HTML",
          link_preview_options: { is_disabled: true },
          ...(part.replyMarkup ? { reply_markup: part.replyMarkup } : {}),
        });
        lastId = sent.message_id;
      } catch (error) {
        const status = classifyTelegramFailure(error);
        const log = status === "unreachable" ? logger.info.bind(logger) : logger.warn.bind(logger);
        log({ err: describeError(error, token), status }, "telegram: sendMessage did not deliver");
        if (status !== "retryable") return { status };
        // 429: how long Telegram wants us to wait (the sender pauses the channel). A network error may
        // have reached Telegram: bulk is not repeated then.
        const retryAfter = error instanceof GrammyError ? error.parameters.retry_after : undefined;
        return {
          status,
          ...(retryAfter !== undefined ? { retryAfterMs: retryAfter * 1000 } : {}),
          ...(error instanceof GrammyError ? {} : { maybeDelivered: true }),
        };
      }
    }
    return { status: "sent", channelMessageId: String(lastId) };
  };
}

/**
 * The one place that decides what a failed Telegram send means: 403 (blocked, deactivated) and "chat not
 * found" → unreachable; any other 4xx but 429 → permanent (sending the same request again cannot work);
 * 429, 5xx and network errors (HttpError) → retryable later.
 */
export function classifyTelegramFailure(error: unknown): "retryable" | "permanent" | "unreachable" {
  if (!(error instanceof GrammyError)) return "retryable";
  const code = error.error_code;
  if (code === 403) return "unreachable";
  if (code === 400 && /chat not found|user is deactivated|PEER_ID_INVALID/i.test(String(error.description))) return "unreachable";
  if (code === 429 || code >= 500) return "retryable";
  return code >= 400 ? "permanent" : "retryable";
}
