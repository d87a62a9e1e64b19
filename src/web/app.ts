// The Hono application: security headers, body limits, one error boundary, health, metrics, and the routes
// that the composition root mounts (web chat, channel webhooks, the console).
import { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { secureHeaders } from "hono/secure-headers";
import { secretMatcher } from "../shared/crypto/secret-matcher.ts";
import { AppError, toAppError } from "../shared/errors/app-error.ts";
import { DEFAULT_LOCALE, matchLocale, type Translator } from "../shared/i18n/index.ts";
import type { Logger } from "../shared/logging/logger.ts";

export interface WebAppOptions {
  logger: Logger;
  /** Translates the message of an error answer for the caller (Accept-Language); English codes only when absent. */
  translator?: Translator;
  /** True when the database answers a quick SELECT 1 (bounded by the implementation); used by /readyz. */
  ready(): Promise<boolean>;
  /** One Prometheus scrape, served at /metrics; the route is absent when not given. */
  metrics?: () => Promise<{ contentType: string; body: string }>;
  /** When set, /metrics answers only `Authorization: Bearer <token>` (Prometheus' `authorization` setting). */
  metricsToken?: string | undefined;
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
      onError: () => {
        throw new AppError("payload_too_large", "request body is larger than 64 KiB");
      },
    }),
  );
  // Liveness: the process runs and serves HTTP. Never asks the database, so an outage does not get a
  // healthy process restarted (it reconnects by itself).
  app.get("/healthz", (c) => c.json({ ok: true }));
  // Readiness: 503 while the database is unreachable, so a load balancer sends traffic elsewhere.
  app.get("/readyz", async (c) => {
    if (await o.ready()) return c.json({ ok: true });
    c.header("Retry-After", "5");
    return c.json({ ok: false, error: "database unavailable" }, 503);
  });
  // Prometheus text format: counts and timings only, never a message or a person. With METRICS_TOKEN a
  // bearer token is required; without it, keep the route off the public internet (proxy or firewall).
  const scrape = o.metrics;
  const tokenMatches = o.metricsToken === undefined ? undefined : secretMatcher(`Bearer ${o.metricsToken}`);
  if (scrape)
    app.get("/metrics", async (c) => {
      if (tokenMatches && !tokenMatches(c.req.header("authorization") ?? "")) {
        o.logger.warn({ path: "/metrics" }, "metrics scrape refused: missing or wrong bearer token");
        c.header("WWW-Authenticate", 'Bearer realm="metrics"');
        return c.json({ error: "unauthorized" }, 401);
      }
      const { contentType, body } = await scrape();
      return c.body(body, 200, { "Content-Type": contentType, "Cache-Control": "no-store" });
    });
  app.notFound(() => {
    throw new AppError("not_found", "no such route");
  });
  // The one boundary for every JSON route (web chat, webhooks): the code table decides the status, the
  // log level and the message a person sees; operators get the code and the developer message.
  app.onError((thrown, c) => {
    const error = thrown instanceof SyntaxError ? new AppError("invalid_input", "body is not valid JSON") : toAppError(thrown);
    const fields = { code: error.code, path: c.req.path, method: c.req.method, ...(error.code === "internal" ? { err: thrown } : { detail: error.message }) };
    o.logger[error.logLevel](fields, "request failed");
    const locale = matchLocale(c.req.header("accept-language")?.split(",")[0]?.split(";")[0]) ?? DEFAULT_LOCALE;
    const message = o.translator ? o.translator.t(locale, error.messageKey) : error.code;
    return c.json({ error: error.code, message }, error.httpStatus);
  });
  return app;
}
