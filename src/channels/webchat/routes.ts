// HTTP surface of the web chat: the page, its script, posting a message, and the live SSE stream.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { Hono } from "hono";
import { streamSSE } from "hono/streaming";
import type { InboundEvent, InboundSink, Stores } from "../../core/ports.ts";
import type { Translator } from "../../shared/i18n/index.ts";
import type { Logger } from "../../shared/logging/logger.ts";
import { readHistory, type ChatItem } from "./history.ts";
import type { LiveBus, LiveEvent } from "./live-bus.ts";
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

  app.get("/", async (c) => {
    const sid = ensureSession(c, o.secureCookies);
    const person = await o.stores.people.findPerson("webchat", sid);
    const locale = pageLocale(c.req.query("lang"), person?.locale);
    return c.html(`<!doctype html>${await ChatPage({ locale, t: o.translator.t }).toString()}`);
  });

  app.get("/favicon.ico", (c) => c.body(null, 204));
  app.get("/chat.js", (c) => c.body(SCRIPT, 200, { "content-type": "text/javascript; charset=utf-8", "cache-control": "no-cache" }));

  app.post("/chat/messages", async (c) => {
    const sid = readSession(c);
    if (!sid) return c.json({ error: "no_session", message: "Open the chat page first to get a session." }, 401);
    const body: unknown = await c.req.json().catch(() => undefined);
    const parsed = postMessageSchema.safeParse(body);
    if (!parsed.success) {
      o.logger.warn({ route: "webchat.post", issues: parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.code}`) }, "rejected web chat payload");
      return c.json({ error: "invalid_body", message: "Expected {clientId, text} or {clientId, choice:{optionId, menuSeq}} or {clientId, start:true}." }, 400);
    }
    const p = parsed.data;
    const event: InboundEvent = "text" in p ? { kind: "text", text: p.text } : "choice" in p ? { kind: "choice", ...p.choice } : { kind: "start" };
    const result = await o.sink.handleInbound({ channel: "webchat", externalId: sid, channelMessageId: p.clientId, event });
    return c.json({ ok: true, duplicate: result.duplicate });
  });

  app.get("/chat/history", async (c) => {
    const sid = readSession(c);
    if (!sid) return c.json({ items: [] });
    const after = Number(c.req.query("after") ?? 0);
    return c.json({ items: await readHistory(o.stores, sid, Number.isFinite(after) ? after : 0) });
  });

  app.get("/chat/events", (c) => {
    const sid = readSession(c);
    if (!sid) return c.json({ error: "no_session" }, 401);
    const resumeFrom = Number(c.req.header("last-event-id") ?? c.req.query("after") ?? 0);
    return streamSSE(c, async (stream) => {
      let lastSeq = Number.isFinite(resumeFrom) ? resumeFrom : 0;
      const pending: LiveEvent[] = [];
      let wake: (() => void) | undefined;
      const unsubscribe = o.bus.subscribe(sid, (event) => {
        pending.push(event);
        wake?.();
      });
      stream.onAbort(() => {
        unsubscribe();
        wake?.();
      });
      const write = async (item: ChatItem | (Omit<ChatItem, "seq"> & { seq?: number; erased?: boolean })) => {
        await stream.writeSSE({ event: "message", data: JSON.stringify(item), ...(item.seq !== undefined ? { id: String(item.seq) } : {}) });
        if (item.seq !== undefined) lastSeq = Math.max(lastSeq, item.seq);
      };
      // Replay what was missed, then follow live events; the periodic re-read also catches replies
      // published by another instance.
      for (const item of await readHistory(o.stores, sid, lastSeq)) await write(item);
      while (!stream.aborted) {
        if (pending.length === 0) {
          await new Promise<void>((resolve) => {
            wake = resolve;
            setTimeout(resolve, KEEPALIVE_MS);
          });
          wake = undefined;
        }
        if (stream.aborted) break;
        if (pending.length === 0) {
          for (const item of await readHistory(o.stores, sid, lastSeq)) if (item.direction === "outbound") await write(item);
          await stream.write(": keepalive\n\n");
          continue;
        }
        for (const ev of pending.splice(0)) {
          if (ev.seq !== undefined && ev.seq <= lastSeq) continue;
          await write({ seq: ev.seq, direction: "outbound", author: "bot", body: ev.message, erased: ev.erased });
        }
      }
    });
  });

  return app;
}
