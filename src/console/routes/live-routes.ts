// Live updates for the queue page: an SSE stream that says "queue" whenever the fingerprint of the
// open cases in the staff member's scope changes (checked every few seconds), and the page script.
// Streams end after a few minutes (the browser reconnects) and at close(), so shutdown never waits.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { Hono } from "hono";
import { streamSSE } from "hono/streaming";
import { caseScope } from "../../core/staff/access.ts";
import { me, type ConsoleEnv } from "../context.ts";
import type { ConsoleDeps } from "../deps.ts";

const SCRIPT = fs.readFileSync(path.join(path.dirname(fileURLToPath(import.meta.url)), "../public/console.js"), "utf8");

export interface LiveOptions {
  /** How often each stream re-reads the queue fingerprint. */
  pollMs: number;
  /** A stream closes after this long; EventSource reconnects by itself. */
  maxStreamMs: number;
  /** Aborted by ConsoleHandle.close(). */
  signal: AbortSignal;
}

export function createLiveRoutes(d: ConsoleDeps, o: LiveOptions): Hono<ConsoleEnv> {
  const app = new Hono<ConsoleEnv>();

  app.get("/console.js", (c) => c.body(SCRIPT, 200, { "content-type": "text/javascript; charset=utf-8", "cache-control": "no-cache" }));

  app.get("/events", (c) => {
    const scope = caseScope(me(c));
    return streamSSE(c, async (stream) => {
      const started = Date.now();
      let last = await d.stores.cases.queueSignature(scope);
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
          const now = await d.stores.cases.queueSignature(scope);
          if (now !== last) {
            last = now;
            await stream.writeSSE({ event: "queue", data: now });
          }
        }
      } finally {
        o.signal.removeEventListener("abort", stop);
      }
    });
  });

  return app;
}
