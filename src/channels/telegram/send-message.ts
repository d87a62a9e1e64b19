// Channel.send for Telegram. Never throws: 403 (blocked, deactivated) and "chat not found" become
// "unreachable", every other final failure "failed". Retries (429 retry_after, 5xx) happen below,
// in the auto-retry transformer installed on the Api.
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
      return { status: "failed" };
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
        const status = isUnreachable(error) ? "unreachable" : "failed";
        const log = status === "unreachable" ? logger.info.bind(logger) : logger.warn.bind(logger);
        log({ err: describeError(error, token), status }, "telegram: sendMessage did not deliver");
        return { status };
      }
    }
    return { status: "sent", channelMessageId: String(lastId) };
  };
}

function isUnreachable(error: unknown): boolean {
  if (!(error instanceof GrammyError)) return false;
  if (error.error_code === 403) return true;
  return error.error_code === 400 && /chat not found|user is deactivated|PEER_ID_INVALID/i.test(error.description);
}
