// What the web chat routes are given, and the check every state-changing route starts with.
import type { Context } from "hono";
import type { Clock, InboundSink, Stores } from "../../core/ports.ts";
import type { Translator } from "../../shared/i18n/index.ts";
import { AppError } from "../../shared/errors/app-error.ts";
import type { Logger } from "../../shared/logging/logger.ts";
import { requirePageRequest } from "./guard.ts";
import type { LiveBus } from "./live-bus.ts";
import { liveSession, type SessionOptions } from "./session.ts";

export interface WebChatRouteOptions {
  sink: InboundSink;
  stores: Pick<Stores, "people" | "messages" | "cases" | "webReturns">;
  bus: LiveBus;
  translator: Translator;
  logger: Logger;
  clock: Clock;
  secureCookies: boolean;
  /** The web chat session ends after this long without a visit or a message. */
  idleMs: number;
  /** PUBLIC_URL: the only origin allowed to post when set (else the request's own host). */
  publicUrl?: string;
  /** Where "leave quickly" goes. */
  exitUrl: string;
}

export const sessionOptionsOf = (o: WebChatRouteOptions): SessionOptions => ({ secure: o.secureCookies, idleMs: o.idleMs, clock: o.clock, stores: o.stores });

/** The session of a page request, checked: alive, and the request made by our page. */
export async function pageRequestSession(c: Context, o: WebChatRouteOptions): Promise<string> {
  const sid = await liveSession(c, sessionOptionsOf(o));
  if (!sid) throw new AppError("unauthorized", "web chat: no live session (open the chat page first)");
  requirePageRequest(c, sid, o.publicUrl);
  return sid;
}
