// Telegram adapter of the Channel port, on grammY. Webhook mode when publicUrl is set, long polling
// (with @grammyjs/runner, under a cluster lock) otherwise. Everything Telegram-specific lives in this folder.
import { autoRetry } from "@grammyjs/auto-retry";
import { sequentialize } from "@grammyjs/runner";
import { Bot, type Context } from "grammy";
import type { Update } from "grammy/types";
import type { Hono } from "hono";
import type { Channel, InboundSink, LockService } from "../../core/ports.ts";
import { AppError } from "../../shared/errors/app-error.ts";
import type { Translator } from "../../shared/i18n/index.ts";
import type { Logger } from "../../shared/logging/logger.ts";
import { describeError } from "./describe-error.ts";
import { createUpdateHandler } from "./handle-update.ts";
import { ALLOWED_UPDATES } from "./map-update.ts";
import { createPoller, type Poller } from "./run-polling.ts";
import { createSend } from "./send-message.ts";
import { setBotCommands } from "./set-commands.ts";
import { createWebhookApp, deriveWebhookSecret } from "./webhook-app.ts";

export interface TelegramChannelOptions {
  token: string;
  /** e.g. https://api.telegram.org or a fake's URL (grammY client.apiRoot); a trailing "/" is dropped. */
  apiRoot: string;
  /** Set → webhook mode at `${publicUrl}/webhooks/telegram`; unset → long polling. */
  publicUrl?: string;
  sink: InboundSink;
  translator: Translator;
  logger: Logger;
  locks: LockService;
}

export interface TelegramChannelHandle {
  /** name "telegram", supportsButtons true. */
  channel: Channel;
  /** Webhook mode only: mount with app.route("/webhooks/telegram", handle.webhook); handles POST "/". */
  webhook?: Hono;
  /**
   * Webhook: getMe, commands, setWebhook (derived secret_token, allowed_updates); requests before this
   * resolves get 503. Polling: getMe, commands, then returns while the poll lock is taken in the
   * background (see run-polling.ts). Rejects with an AppError when Telegram refuses the token or webhook.
   */
  start(): Promise<void>;
  /** Webhook: new requests get 503, waits for those in flight. Polling: stops the runner, releases the lock. */
  stop(): Promise<void>;
  /** The bot's @username (without @) once start() has run getMe; undefined before. */
  botUsername(): string | undefined;
}

// Retry cap: 429 waits retry_after up to 30 s, 5xx backs off 3 s, 6 s, 12 s; then the send fails.
// Network errors are not retried here (the plugin would retry them forever); the runner retries its own.
const RETRY = { maxRetryAttempts: 3, maxDelaySeconds: 30, rethrowHttpErrors: true };

export function createTelegramChannel(options: TelegramChannelOptions): TelegramChannelHandle {
  const { token, sink, translator, locks } = options;
  const logger = options.logger.child({ channel: "telegram" });
  const bot = new Bot(token, { client: { apiRoot: options.apiRoot.replace(/\/+$/, ""), timeoutSeconds: 75 } });
  bot.api.config.use(autoRetry(RETRY));
  const send = createSend({ api: bot.api, logger, token });
  const channel: Channel = { name: "telegram", supportsButtons: true, send };
  const botUsername = (): string | undefined => (bot.isInited() ? bot.botInfo.username : undefined);

  // Tracks every update being handled so stop() can wait for them (the runner's stop does not).
  const inFlight = new Set<Promise<void>>();
  bot.use(async (_ctx, next) => {
    const task = next();
    inFlight.add(task);
    try {
      await task;
    } finally {
      inFlight.delete(task);
    }
  });
  const drain = async (): Promise<void> => {
    while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
  };
  // Per-chat order: updates of one chat run one after another, different chats in parallel.
  bot.use(sequentialize((ctx: Context) => (ctx.chat?.id ?? ctx.from?.id)?.toString()));
  bot.use(createUpdateHandler({ sink, translator, logger, token, send }));
  bot.catch((err) => logger.error({ updateId: err.ctx.update.update_id, err: describeError(err.error, token) }, "telegram: update crashed"));

  async function init(): Promise<void> {
    try {
      await bot.init();
    } catch (error) {
      throw new AppError("upstream_failed", `Telegram getMe failed; check TELEGRAM_BOT_TOKEN and TELEGRAM_API_ROOT (${describeError(error, token).message})`);
    }
    await setBotCommands(bot.api, translator).catch((error: unknown) => {
      logger.warn({ err: describeError(error, token) }, "telegram: setMyCommands failed; the command menu may be stale");
    });
  }

  if (options.publicUrl !== undefined) {
    const url = `${options.publicUrl.replace(/\/+$/, "")}/webhooks/telegram`;
    const secret = deriveWebhookSecret(token);
    let ready = false;
    const handleUpdate = (update: Update): Promise<void> => bot.handleUpdate(update);
    return {
      channel,
      botUsername,
      webhook: createWebhookApp({ secret, logger, isReady: () => ready, handleUpdate }),
      async start() {
        await init();
        try {
          await bot.api.setWebhook(url, { secret_token: secret, allowed_updates: [...ALLOWED_UPDATES] });
        } catch (error) {
          throw new AppError("upstream_failed", `Telegram setWebhook failed (${describeError(error, token).message})`);
        }
        ready = true;
        logger.info("telegram: webhook set");
      },
      async stop() {
        // The webhook stays registered: other instances (or this one after a restart) keep receiving.
        ready = false;
        await drain();
      },
    };
  }

  let poller: Poller | undefined;
  return {
    channel,
    botUsername,
    async start() {
      await init();
      poller ??= createPoller({ bot, locks, logger, token, drain });
      poller.start();
    },
    async stop() {
      await poller?.stop();
    },
  };
}
