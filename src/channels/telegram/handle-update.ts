// The one grammY middleware: maps the update, answers button taps, hands the event to the core.
// Error boundary: whatever fails is logged with update_id and a redacted error summary only (never
// text or chat ids); the person gets a kind generic reply; the error never reaches the bot, so one bad
// update can neither stop polling nor make Telegram re-deliver a webhook forever.
import type { Context } from "grammy";
import type { InboundSink } from "../../core/ports.ts";
import { DEFAULT_LOCALE, matchLocale, type Translator } from "../../shared/i18n/index.ts";
import type { Logger } from "../../shared/logging/logger.ts";
import { describeError } from "./describe-error.ts";
import { mapUpdate } from "./map-update.ts";
import type { TelegramSend } from "./send-message.ts";

export interface UpdateHandlerOptions {
  sink: InboundSink;
  translator: Translator;
  logger: Logger;
  token: string;
  send: TelegramSend;
}

export function createUpdateHandler(options: UpdateHandlerOptions): (ctx: Context) => Promise<void> {
  const { sink, logger, token } = options;
  return async (ctx) => {
    const updateId = ctx.update.update_id;
    // Always answer a tap, even a stale or foreign one, so the client stops its spinner.
    if (ctx.update.callback_query) {
      await ctx.answerCallbackQuery().catch((error: unknown) => {
        logger.warn({ updateId, err: describeError(error, token) }, "telegram: answerCallbackQuery failed");
      });
    }
    const action = mapUpdate(ctx.update);
    try {
      if (action.kind === "inbound") {
        const result = await sink.handleInbound(action.envelope);
        if (result.duplicate) logger.debug({ updateId }, "telegram: duplicate delivery ignored");
      } else if (action.kind === "reachability") {
        await sink.setReachable("telegram", action.externalId, action.reachable);
      } else {
        logger.debug({ updateId, reason: action.reason }, "telegram: update ignored");
      }
    } catch (error) {
      logger.error({ updateId, err: describeError(error, token) }, "telegram: update failed");
      if (action.kind === "inbound") await apologise(options, action.envelope.externalId, action.envelope.localeHint);
    }
  };
}

async function apologise(options: UpdateHandlerOptions, externalId: string, localeHint: string | undefined): Promise<void> {
  const locale = matchLocale(localeHint) ?? DEFAULT_LOCALE;
  const text = options.translator.t(locale, "common:errors.turnFailed");
  await options.send(externalId, { kind: "text", text }); // never throws
}
