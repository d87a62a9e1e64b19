// Telegram and Zalo switch on when their tokens are set. Part of the composition root.
import type { Hono } from "hono";
import type { Env } from "./config/env.ts";
import type { StaffMessenger } from "./core/ports.ts";
import type { Channel, InboundSink, LockService } from "./core/ports.ts";
import type { Translator } from "./shared/i18n/index.ts";
import type { Logger } from "./shared/logging/logger.ts";
import { createTelegramChannel } from "./channels/telegram/index.ts";
import { createZaloChannel, type ZaloChannelOptions } from "./channels/zalo/index.ts";

export interface MessengerHandle {
  channel: Channel;
  webhook?: Hono;
  start(): Promise<void>;
  stop(): Promise<void>;
  /** The bot's username once started, where the messenger has one (Telegram deep links). */
  botUsername?(): string | undefined;
}

export interface MessengerOptions {
  env: Readonly<Env>;
  sink: InboundSink;
  translator: Translator;
  logger: Logger;
  locks: LockService;
  /** Tests shorten the Zalo client's back-off. */
  zaloRetry?: ZaloChannelOptions["retry"];
}

export function startMessengerChannels(o: MessengerOptions): MessengerHandle[] {
  const handles: MessengerHandle[] = [];
  const common = { sink: o.sink, translator: o.translator, logger: o.logger, locks: o.locks, ...(o.env.PUBLIC_URL ? { publicUrl: o.env.PUBLIC_URL } : {}) };
  if (o.env.TELEGRAM_BOT_TOKEN) {
    handles.push(createTelegramChannel({ ...common, token: o.env.TELEGRAM_BOT_TOKEN, apiRoot: o.env.TELEGRAM_API_ROOT }));
  }
  if (o.env.ZALO_BOT_TOKEN) {
    handles.push(createZaloChannel({ ...common, token: o.env.ZALO_BOT_TOKEN, apiBase: o.env.ZALO_API_BASE, ...(o.zaloRetry ? { retry: o.zaloRetry } : {}) }));
  }
  return handles;
}

/** Staff link and get pinged through Telegram when it is configured; undefined otherwise (no pings). */
export function staffMessengerOf(handles: MessengerHandle[]): StaffMessenger | undefined {
  const telegram = handles.find((h) => h.channel.name === "telegram");
  if (!telegram) return undefined;
  return {
    botUsername: () => telegram.botUsername?.(),
    send: async (chatId, text, locale) => (await telegram.channel.send(chatId, { kind: "text", text }, locale)).status,
  };
}
