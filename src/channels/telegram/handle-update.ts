// The one grammY middleware: maps the update, answers button taps, hands the event to the core.
// Accept durably or not at all: when the core cannot accept a message (the database is gone), it is
// not ours yet — in webhook mode the handler throws NotAccepted so the webhook answers 503 and
// Telegram delivers it again; in polling mode (where Telegram will not resend) it keeps trying, in
// order, with back-off. Anything else that fails is logged with update_id and a redacted summary
// only (never text or chat ids) and never reaches the bot, so one bad update cannot stop polling.
import type { Context } from "grammy";
import type { InboundEnvelope, InboundSink } from "../../core/ports.ts";
import { AppError } from "../../shared/errors/app-error.ts";
import type { Translator } from "../../shared/i18n/index.ts";
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
  /** "throw" (webhook: Telegram resends after a non-2xx) or "retry" (polling: nobody resends). Default "throw". */
  whenNotAccepted?: "throw" | "retry";
  /** Polling: back-off before each new attempt to get a message accepted (ms); the last one repeats. */
  acceptBackoffMs?: readonly number[];
  /** Polling: stop retrying when this aborts (shutdown); the update is then lost to this instance. */
  signal?: AbortSignal;
}

const ACCEPT_BACKOFF_MS = [500, 1000, 2000, 5000, 10_000, 30_000];

/** Thrown when the core could not accept a message: the webhook answers 503 so Telegram resends it. */
export const notAccepted = (cause: unknown): AppError => new AppError("unavailable", "telegram: message not accepted; it must be delivered again", { cause });

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
    if (action.kind === "inbound") return acceptInbound(options, updateId, action.envelope);
    try {
      if (action.kind === "reachability") {
        await sink.setReachable("telegram", action.externalId, action.reachable);
      } else {
        logger.debug({ updateId, reason: action.reason }, "telegram: update ignored");
      }
    } catch (error) {
      logger.error({ updateId, err: describeError(error, token) }, "telegram: update failed");
    }
  };
}

/** The core throws only when it could not accept the message (processing failures stay inside it). */
async function acceptInbound(options: UpdateHandlerOptions, updateId: number, envelope: InboundEnvelope): Promise<void> {
  const { sink, logger, token } = options;
  const backoff = options.acceptBackoffMs ?? ACCEPT_BACKOFF_MS;
  for (let attempt = 1; ; attempt++) {
    try {
      const result = await sink.handleInbound(envelope);
      if (result.duplicate) logger.debug({ updateId }, "telegram: duplicate delivery");
      return;
    } catch (error) {
      logger.warn({ updateId, attempt, err: describeError(error, token) }, "telegram: message not accepted");
      if (options.whenNotAccepted !== "retry") throw notAccepted(error);
      if (options.signal?.aborted) {
        logger.error(
          { updateId, attempts: attempt },
          "telegram: stopping before the message was accepted; another instance or a restart will not see it again",
        );
        return;
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, backoff[Math.min(attempt - 1, backoff.length - 1)]);
        options.signal?.addEventListener("abort", () => (clearTimeout(timer), resolve()), { once: true });
      });
    }
  }
}
