// HTTP surface of the web chat: the page, its script, posting a message, and the live SSE stream. Every
// response is no-store (a shared phone's browser keeps nothing); state-changing requests pass guard.ts.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { Hono, type Context, type MiddlewareHandler } from "hono";
import { streamSSE } from "hono/streaming";
import type { InboundEvent } from "../../core/ports.ts";
import { AppError } from "../../shared/errors/app-error.ts";
import { guessLanguage, preferredLanguage } from "../../shared/text/guess-language.ts";
import { streamChatEvents } from "./event-stream.ts";
import { sessionToken } from "./guard.ts";
import { readHistory } from "./history.ts";
import { ChatPage, pageLocale } from "./page.tsx";
import { postMessageSchema } from "./payloads.ts";
import { pageRequestSession, sessionOptionsOf, type WebChatRouteOptions } from "./route-options.ts";
import { liveSession, pageSession, setSessionCookie } from "./session.ts";
import { mountSessionRoutes } from "./session-routes.ts";

const SCRIPT = fs.readFileSync(path.join(path.dirname(fileURLToPath(import.meta.url)), "public/chat.js"), "utf8");
const KEEPALIVE_MS = 15_000;

const noStore: MiddlewareHandler = async (c, next) => {
  await next();
  c.header("Cache-Control", "no-store");
  c.header("Pragma", "no-cache");
};

export function createWebChatRoutes(o: WebChatRouteOptions): Hono {
  const app = new Hono();
  // Scoped to the chat's own paths: a "*" here would also cover the console mounted next to it.
  for (const p of ["/", "/chat.js", "/chat/*"]) app.use(p, noStore);
  app.get("/", (c) => servePage(c, o));
  app.get("/favicon.ico", (c) => c.body(null, 204));
  app.get("/chat.js", (c) => c.body(SCRIPT, 200, { "content-type": "text/javascript; charset=utf-8" }));
  app.post("/chat/messages", (c) => receiveMessage(c, o));
  app.get("/chat/history", (c) => serveHistory(c, o));
  app.get("/chat/events", (c) => serveEvents(c, o));
  mountSessionRoutes(app, o);
  return app;
}

async function servePage(c: Context, o: WebChatRouteOptions): Promise<Response> {
  const sid = await pageSession(c, sessionOptionsOf(o));
  const person = await o.stores.people.findPerson("webchat", sid);
  const locale = pageLocale(c.req.query("lang"), person?.locale, c.req.header("accept-language"));
  const page = ChatPage({ locale, t: o.translator.t, token: sessionToken(sid), idleHours: Math.round(o.idleMs / 3_600_000), exitUrl: o.exitUrl });
  return c.html(`<!doctype html>${await page.toString()}`);
}

async function receiveMessage(c: Context, o: WebChatRouteOptions): Promise<Response> {
  const sid = await pageRequestSession(c, o);
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
  setSessionCookie(c, sid, sessionOptionsOf(o)); // active: the idle period starts again
  return c.json({ ok: true, duplicate: result.duplicate });
}

async function serveHistory(c: Context, o: WebChatRouteOptions): Promise<Response> {
  const sid = await liveSession(c, sessionOptionsOf(o));
  if (!sid) return c.json({ items: [] });
  const after = Number(c.req.query("after") ?? 0);
  return c.json({ items: await readHistory(o.stores, sid, Number.isFinite(after) ? after : 0, o.translator.t) });
}

/** The live stream; a reconnect resumes after Last-Event-ID (or ?after=). */
async function serveEvents(c: Context, o: WebChatRouteOptions): Promise<Response> {
  const sid = await liveSession(c, sessionOptionsOf(o));
  if (!sid) throw new AppError("unauthorized", "web chat: no session cookie for the event stream");
  const resumeFrom = Number(c.req.header("last-event-id") ?? c.req.query("after") ?? 0);
  return streamSSE(c, (stream) =>
    streamChatEvents(stream, {
      stores: o.stores,
      t: o.translator.t,
      bus: o.bus,
      sessionId: sid,
      resumeFrom: Number.isFinite(resumeFrom) ? resumeFrom : 0,
      keepaliveMs: KEEPALIVE_MS,
    }),
  );
}

export type { WebChatRouteOptions };
