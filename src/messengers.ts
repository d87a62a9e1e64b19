// Telegram and Zalo switch on when their tokens are set. Part of the composition root.
import type { Hono } from "hono";
import type { Env } from "./config/env.ts";
import type { Channel, InboundSink, LockService } from "./core/ports.ts";
import type { Translator } from "./shared/i18n/index.ts";
import type { Logger } from "./shared/logging/logger.ts";

export interface MessengerHandle {
  channel: Channel;
  webhook?: Hono;
  start(): Promise<void>;
  stop(): Promise<void>;
}

export interface MessengerOptions {
  env: Readonly<Env>;
  sink: InboundSink;
  translator: Translator;
  logger: Logger;
  locks: LockService;
}

export function startMessengerChannels(_o: MessengerOptions): MessengerHandle[] {
  return [];
}
