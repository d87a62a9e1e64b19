// The webhook receiver (zalo-bot-api.md §5), mounted by the web app at /webhooks/zalo. Answers fast
// and hands the update to the core before answering: 200 once it is committed, 503 when it could not be.
// Checks in order: size → secret → accepting → JSON (400) → update shape (400 when not an update,
// 200-and-ignored when a known event's message is unusable; see map-zalo-update.ts).
import { createHash, timingSafeEqual } from "node:crypto";
import { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import type { Logger } from "../../shared/logging/logger.ts";
import type { InboundDispatcher } from "./inbound-dispatcher.ts";
import { loggableEventName, logUnusableUpdate, mapZaloUpdate, unwrapUpdateBody } from "./map-zalo-update.ts";

export const SECRET_HEADER = "x-bot-api-secret-token";
const MAX_BODY_BYTES = 256 * 1024;

export interface ZaloWebhookAppOptions {
  secret: string;
  dispatcher: InboundDispatcher;
  logger: Logger;
  /** False once the channel is stopping: deliveries then get 503 instead of being half-processed. */
  isAccepting: () => boolean;
}

/** Constant-time equality; hashing first hides the length as well. */
export function secretMatches(received: string, expected: string): boolean {
  const a = createHash("sha256").update(received, "utf8").digest();
  const b = createHash("sha256").update(expected, "utf8").digest();
  return timingSafeEqual(a, b);
}

function parseJson(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false };
  }
}

export function createZaloWebhookApp(options: ZaloWebhookAppOptions): Hono {
  const { secret, dispatcher, logger } = options;
  const app = new Hono();
  const tooLarge = bodyLimit({
    maxSize: MAX_BODY_BYTES,
    onError: (c) => {
      logger.warn({ limit: MAX_BODY_BYTES }, "Zalo webhook: body too large");
      return c.json({ ok: false, error: "payload_too_large" }, 413);
    },
  });

  app.post("/", tooLarge, async (c) => {
    const header = c.req.header(SECRET_HEADER);
    const raw = await c.req.text();
    const secretOk = header !== undefined && secretMatches(header, secret);
    // Verification probe from setWebhook/testWebhook: may lack the header, has an empty body (§5).
    if (raw.trim() === "" && (header === undefined || secretOk)) return c.json({ ok: true }, 200);
    if (!secretOk) {
      logger.warn({ headerPresent: header !== undefined }, "Zalo webhook: secret token missing or wrong; delivery rejected");
      return c.json({ ok: false, error: "unauthorized" }, 401);
    }
    if (!options.isAccepting()) return c.json({ ok: false, error: "shutting_down" }, 503);
    const body = parseJson(raw);
    if (!body.ok) {
      logger.warn({ bytes: raw.length }, "Zalo webhook: body is not valid JSON");
      return c.json({ ok: false, error: "invalid_json" }, 400);
    }
    const mapped = mapZaloUpdate(unwrapUpdateBody(body.value));
    // 400 only for a body that is not an update; an update we cannot use is answered 200 (map-zalo-update.ts).
    if (mapped.kind === "invalid") {
      logger.warn({ issues: mapped.issues }, "Zalo webhook: body is not a Zalo update");
      return c.json({ ok: false, error: "invalid_update" }, 400);
    }
    if (mapped.kind === "unusable") {
      logUnusableUpdate(logger, mapped, "webhook");
      return c.json({ ok: true }, 200);
    }
    if (mapped.kind === "ignored") {
      logger.info({ event: loggableEventName(mapped.eventName), reason: mapped.reason }, "Zalo update ignored");
      return c.json({ ok: true }, 200);
    }
    // Accept durably or not at all: answered only once the core has committed the message.
    const outcome = await dispatcher.handleNow(mapped);
    if (outcome === "replayed") logger.debug({ event: mapped.eventName }, "Zalo redelivery ignored (replay window)");
    if (outcome === "not_accepted") {
      c.header("Retry-After", "5");
      return c.json({ ok: false, error: "not accepted, try again" }, 503);
    }
    return c.json({ ok: true }, 200);
  });
  return app;
}
