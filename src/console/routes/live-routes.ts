// Live updates: an SSE stream that says "queue" whenever the fingerprint of the open cases in the staff
// member's scope changes, or — with ?case=HANDLE, for an open case page — "case" whenever that case's
// fingerprint changes (a message, a delivery, a claim); each is checked every few seconds. Also serves
// the page scripts. Streams end after a few minutes (the browser reconnects) and at close(), so
// shutdown never waits.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { Hono } from "hono";
import { streamSSE } from "hono/streaming";
import { findVisibleCase } from "../../core/cases/find-visible-case.ts";
import { caseScope } from "../../core/staff/access.ts";
import { me, type ConsoleContext, type ConsoleEnv } from "../context.ts";
import type { ConsoleDeps } from "../deps.ts";

const PUBLIC = path.join(path.dirname(fileURLToPath(import.meta.url)), "../public");
const SCRIPTS = new Map(["console.js", "case.js", "club-meeting.js"].map((name) => [name, fs.readFileSync(path.join(PUBLIC, name), "utf8")]));

export interface LiveOptions {
  /** How often each stream re-reads its fingerprint. */
  pollMs: number;
  /** A stream closes after this long; EventSource reconnects by itself. */
  maxStreamMs: number;
  /** Aborted by ConsoleHandle.close(). */
  signal: AbortSignal;
}

export function createLiveRoutes(d: ConsoleDeps, o: LiveOptions): Hono<ConsoleEnv> {
  const app = new Hono<ConsoleEnv>();

  for (const [name, body] of SCRIPTS) {
    app.get(`/${name}`, (c) => c.body(body, 200, { "content-type": "text/javascript; charset=utf-8", "cache-control": "no-cache" }));
  }

  app.get("/events", async (c) => {
    const handle = c.req.query("case");
    if (handle) {
      const kase = await findVisibleCase(d, { staff: me(c), handle });
      return watch(c, o, "case", () => d.stores.cases.caseSignature(kase.id));
    }
    const scope = caseScope(me(c));
    return watch(c, o, "queue", () => d.stores.cases.queueSignature(scope));
  });

  return app;
}

/** Sends `ready`, then `event` (with the new fingerprint) each time `read()` answers differently. */
function watch(c: ConsoleContext, o: LiveOptions, event: string, read: () => Promise<string>): Response {
  return streamSSE(c, async (stream) => {
    const started = Date.now();
    let last = await read();
    let wake: (() => void) | undefined;
    const stop = () => wake?.();
    o.signal.addEventListener("abort", stop);
    stream.onAbort(stop);
    await stream.writeSSE({ event: "ready", data: "" });
    try {
      while (!stream.aborted && !o.signal.aborted && Date.now() - started < o.maxStreamMs) {
        await new Promise<void>((resolve) => {
          wake = resolve;
          setTimeout(resolve, o.pollMs);
        });
        if (stream.aborted || o.signal.aborted) break;
        const now = await read();
        if (now !== last) {
          last = now;
          await stream.writeSSE({ event, data: now });
        }
      }
    } finally {
      o.signal.removeEventListener("abort", stop);
    }
  });
}
