// HTTP surface of the web chat: the page, its script, posting a message, and the live SSE stream.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { Hono, type Context } from "hono";
import { streamSSE } from "hono/streaming";
import type { InboundEvent, InboundSink, Stores } from "../../core/ports.ts";
import type { Translator } from "../../shared/i18n/index.ts";
import { AppError } from "../../shared/errors/app-error.ts";
import type { Logger } from "../../shared/logging/logger.ts";
import { guessLanguage, preferredLanguage } from "../../shared/text/guess-language.ts";
import { streamChatEvents } from "./event-stream.ts";
import { readHistory } from "./history.ts";
import type { LiveBus } from "./live-bus.ts";
import { ChatPage, pageLocale } from "./page.tsx";
import { postMessageSchema } from "./payloads.ts";
import { ensureSession, readSession } from "./session.ts";

const SCRIPT = fs.readFileSync(path.join(path.dirname(fileURLToPath(import.meta.url)), "public/chat.js"), "utf8");
const KEEPALIVE_MS = 15_000;

export interface WebChatRouteOptions {
  sink: InboundSink;
  stores: Pick<Stores, "people" | "messages">;
  bus: LiveBus;
  translator: Translator;
  logger: Logger;
  secureCookies: boolean;
}

export function createWebChatRoutes(o: WebChatRouteOptions): Hono {
  const app = new Hono();
  app.get("/", (c) => servePage(c, o));
  app.get("/favicon.ico", (c) => c.body(null, 204));
  app.get("/chat.js", (c) => c.body(SCRIPT, 200, { "content-type": "text/javascript; charset=utf-8", "cache-control": "no-cache" }));
  app.post("/chat/messages", (c) => receiveMessage(c, o));
  app.get("/chat/history", (c) => serveHistory(c, o));
  app.get("/chat/events", (c) => serveEvents(c, o));
  return app;
}

async function servePage(c: Context, o: WebChatRouteOptions): Promise<Response> {
  const sid = ensureSession(c, o.secureCookies);
  const person = await o.stores.people.findPerson("webchat", sid);
  const locale = pageLocale(c.req.query("lang"), person?.locale, c.req.header("accept-language"));
  return c.html(`<!doctype html>${await ChatPage({ locale, t: o.translator.t }).toString()}`);
}

async function receiveMessage(c: Context, o: WebChatRouteOptions): Promise<Response> {
  const sid = readSession(c);
  if (!sid) throw new AppError("unauthorized", "web chat: no session cookie (open the chat page first)");
  const body: unknown = await c.req.json().catch(() => undefined);
  const parsed = postMessageSchema.safeParse(body);
  if (!parsed.success) {
    o.logger.warn({ route: "webchat.post", issues: parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.code}`) }, "rejected web chat payload");
    throw new AppError("invalid_input", "web chat: expected {clientId, text} or {clientId, choice:{optionId, menuSeq}} or {clientId, start:true}");
  }
  const p = parsed.data;
  const event: InboundEvent = "text" in p ? { kind: "text", text: p.text } : "choice" in p ? { kind: "choice", ...p.choice } : { kind: "start" };
  // A new person's language: their first words when they tell (guess-language.ts), else the browser's.
  const localeHint = (event.kind === "text" ? guessLanguage(event.text) : undefined) ?? preferredLanguage(c.req.header("accept-language"));
  const result = await o.sink.handleInbound({
    channel: "webchat",
    externalId: sid,
    channelMessageId: p.clientId,
    event,
    ...(localeHint ? { localeHint } : {}),
  });
  return c.json({ ok: true, duplicate: result.duplicate });
}

async function serveHistory(c: Context, o: WebChatRouteOptions): Promise<Response> {
  const sid = readSession(c);
  if (!sid) return c.json({ items: [] });
  const after = Number(c.req.query("after") ?? 0);
  return c.json({ items: await readHistory(o.stores, sid, Number.isFinite(after) ? after : 0) });
}

/** The live stream; a reconnect resumes after Last-Event-ID (or ?after=). */
function serveEvents(c: Context, o: WebChatRouteOptions): Response {
  const sid = readSession(c);
  if (!sid) throw new AppError("unauthorized", "web chat: no session cookie for the event stream");
  const resumeFrom = Number(c.req.header("last-event-id") ?? c.req.query("after") ?? 0);
  return streamSSE(c, (stream) =>
    streamChatEvents(stream, {
      stores: o.stores,
      bus: o.bus,
      sessionId: sid,
      resumeFrom: Number.isFinite(resumeFrom) ? resumeFrom : 0,
      keepaliveMs: KEEPALIVE_MS,
    }),
  );
}
