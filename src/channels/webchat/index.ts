// The web chat: the first channel. Anonymous (cookie session), options as buttons, replies over SSE.
import type { Hono } from "hono";
import type { Channel, Clock, InboundSink, Stores } from "../../core/ports.ts";
import type { Translator } from "../../shared/i18n/index.ts";
import type { Logger } from "../../shared/logging/logger.ts";
import { LiveBus } from "./live-bus.ts";
import { createWebChatRoutes } from "./routes.ts";

export interface WebChatOptions {
  stores: Pick<Stores, "people" | "messages" | "cases" | "webReturns">;
  translator: Translator;
  logger: Logger;
  clock: Clock;
  secureCookies: boolean;
  /** The session ends after this long without a visit or a message (WEBCHAT_IDLE_HOURS). */
  idleMs: number;
  /** PUBLIC_URL, when set: the only origin the page may post from. */
  publicUrl?: string;
  /** Where "leave quickly" goes (WEBCHAT_EXIT_URL). */
  exitUrl: string;
}

export interface WebChatHandle {
  channel: Channel;
  /** Mount at "/" once the sink (the conversation engine) exists. */
  routes(sink: InboundSink): Hono;
}

export function createWebChat(options: WebChatOptions): WebChatHandle {
  const bus = new LiveBus();
  const channel: Channel = {
    name: "webchat",
    supportsButtons: true,
    async send(externalId, message, locale, meta) {
      // Stored already by the engine; this only wakes the person's open page(s). Always "sent": the log is the
      // delivery (a page replays it on open), an anonymous visitor cannot block the bot (never "unreachable"),
      // and the page renders every message kind (never "permanent").
      bus.publish(externalId, { message, seq: meta?.seq, erased: meta?.erased, author: meta?.author ?? "bot", locale });
      return { status: "sent" };
    },
  };
  return { channel, routes: (sink) => createWebChatRoutes({ ...options, sink, bus }) };
}
