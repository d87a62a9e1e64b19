// Telegram adapter of the Channel port, on grammY. Webhook mode when publicUrl is set, long polling
// (with @grammyjs/runner, under a cluster lock) otherwise. Everything Telegram-specific lives in this folder.
import type { Bot } from "grammy";
import type { Update } from "grammy/types";
import type { Hono } from "hono";
import type { Channel, InboundSink, LockService } from "../../core/ports.ts";
import { AppError } from "../../shared/errors/app-error.ts";
import type { Translator } from "../../shared/i18n/index.ts";
import type { Logger } from "../../shared/logging/logger.ts";
import { createBot, initBot, installUpdatePipeline } from "./bot-setup.ts";
import { describeError } from "./describe-error.ts";
import { ALLOWED_UPDATES } from "./map-update.ts";
import { createPoller, type Poller } from "./run-polling.ts";
import { createSend } from "./send-message.ts";
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

/** What both modes share: the bot with its pipeline installed, the Channel, and the start-up calls. */
interface AdapterParts {
  bot: Bot;
  channel: Channel;
  logger: Logger;
  token: string;
  botUsername: () => string | undefined;
  init: () => Promise<void>;
  drain: () => Promise<void>;
  /** Stops polling handlers that are still retrying to get a message accepted. */
  abortAccepting: () => void;
}

export function createTelegramChannel(options: TelegramChannelOptions): TelegramChannelHandle {
  const { token, sink, translator } = options;
  const logger = options.logger.child({ channel: "telegram" });
  const bot = createBot(token, options.apiRoot);
  // Aborted at stop: a polling handler still trying to get a message accepted gives up.
  const stopping = new AbortController();
  const send = createSend({ api: bot.api, logger, token });
  const parts: AdapterParts = {
    bot,
    logger,
    token,
    channel: { name: "telegram", supportsButtons: true, send },
    botUsername: () => (bot.isInited() ? bot.botInfo.username : undefined),
    init: () => initBot(bot, { translator, logger, token }),
    abortAccepting: () => stopping.abort(),
    drain: installUpdatePipeline(bot, {
      sink,
      translator,
      logger,
      token,
      send,
      ...(options.publicUrl === undefined ? { whenNotAccepted: "retry" as const, signal: stopping.signal } : {}),
    }),
  };
  return options.publicUrl !== undefined ? webhookMode(parts, options.publicUrl) : pollingMode(parts, options.locks);
}

function webhookMode(parts: AdapterParts, publicUrl: string): TelegramChannelHandle {
  const { bot, logger, token } = parts;
  const url = `${publicUrl.replace(/\/+$/, "")}/webhooks/telegram`;
  const secret = deriveWebhookSecret(token);
  let ready = false;
  const handleUpdate = (update: Update): Promise<void> => bot.handleUpdate(update);
  return {
    channel: parts.channel,
    botUsername: parts.botUsername,
    webhook: createWebhookApp({ secret, logger, isReady: () => ready, handleUpdate }),
    async start() {
      await parts.init();
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
      await parts.drain();
    },
  };
}

function pollingMode(parts: AdapterParts, locks: LockService): TelegramChannelHandle {
  const { bot, logger, token, drain } = parts;
  let poller: Poller | undefined;
  return {
    channel: parts.channel,
    botUsername: parts.botUsername,
    async start() {
      await parts.init();
      poller ??= createPoller({ bot, locks, logger, token, drain });
      poller.start();
    },
    async stop() {
      parts.abortAccepting();
      await poller?.stop();
    },
  };
}
