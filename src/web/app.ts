// The Hono application: security headers, body limits, one error boundary, health, and the routes
// that main.ts mounts (web chat, channel webhooks, later the console).
import { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { secureHeaders } from "hono/secure-headers";
import { isAppError } from "../shared/errors/app-error.ts";
import type { Logger } from "../shared/logging/logger.ts";

export interface WebAppOptions {
  logger: Logger;
  /** Returns true when the database answers; used by /healthz. */
  healthy(): Promise<boolean>;
}

export function createWebApp(o: WebAppOptions): Hono {
  const app = new Hono();
  app.use(
    secureHeaders({
      contentSecurityPolicy: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", "data:"],
        connectSrc: ["'self'"],
        frameAncestors: ["'none'"],
        formAction: ["'self'"],
      },
      referrerPolicy: "no-referrer",
    }),
  );
  app.use(
    bodyLimit({
      maxSize: 64 * 1024,
      onError: (c) => c.json({ error: "payload_too_large", message: "Request body is larger than 64 KiB." }, 413),
    }),
  );
  app.get("/healthz", async (c) => ((await o.healthy()) ? c.json({ ok: true }) : c.json({ ok: false }, 503)));
  app.notFound((c) => c.json({ error: "not_found" }, 404));
  app.onError((error, c) => {
    if (isAppError(error)) {
      o.logger.warn({ code: error.code, path: c.req.path, msg: error.message }, "request failed");
      return c.json({ error: error.code.toLowerCase(), message: error.message }, error.httpStatus as 400);
    }
    if (error instanceof SyntaxError) return c.json({ error: "invalid_json", message: "Body is not valid JSON." }, 400);
    o.logger.error({ err: error, path: c.req.path, method: c.req.method }, "unhandled error");
    return c.json({ error: "internal", message: "Something went wrong; nothing you sent was lost." }, 500);
  });
  return app;
}
