// The webhook endpoint (POST "/", mounted by main at /webhooks/telegram).
// Order of checks: secret header (constant time, before the body is read) → readiness → size → JSON →
// shape (check-update.ts: 400 for a body that is not an update, 200-and-ignored for an update with a
// field the bot cannot use). Answers 200 only after the update was handled; handling errors are
// contained by the update handler, so a valid update always gets 200 (at-most-once: Telegram does not
// re-deliver it).
import { createHmac } from "node:crypto";
import { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import type { Update } from "grammy/types";
import { secretMatcher } from "../../shared/crypto/secret-matcher.ts";
import { isAppError } from "../../shared/errors/app-error.ts";
import type { Logger } from "../../shared/logging/logger.ts";
import { checkUpdate, logUnusableUpdate } from "./check-update.ts";

export const SECRET_HEADER = "x-telegram-bot-api-secret-token";
const MAX_BODY_BYTES = 1024 * 1024;

/**
 * The secret_token for setWebhook, derived from the bot token so that every instance behind a load
 * balancer computes the same value without storing it; unguessable without the token.
 */
export function deriveWebhookSecret(token: string): string {
  return createHmac("sha256", token).update("telegram-webhook-secret:v1").digest("base64url");
}

export interface WebhookAppOptions {
  secret: string;
  logger: Logger;
  /** False before start() finished and after stop() began: answer 503 so Telegram retries later. */
  isReady: () => boolean;
  handleUpdate: (update: Update) => Promise<void>;
}

export function createWebhookApp(options: WebhookAppOptions): Hono {
  const { logger } = options;
  const matches = secretMatcher(options.secret);
  const app = new Hono();
  app.post(
    "/",
    async (c, next) => {
      if (!matches(c.req.header(SECRET_HEADER) ?? "")) {
        logger.warn("telegram webhook: wrong or missing secret token");
        return c.json({ ok: false, error: "unauthorized" }, 401);
      }
      if (!options.isReady()) {
        c.header("Retry-After", "5");
        return c.json({ ok: false, error: "not ready" }, 503);
      }
      await next();
    },
    bodyLimit({ maxSize: MAX_BODY_BYTES, onError: (c) => c.json({ ok: false, error: "payload too large" }, 413) }),
    async (c) => {
      let body: unknown;
      try {
        body = JSON.parse(await c.req.text());
      } catch {
        return c.json({ ok: false, error: "malformed JSON" }, 400);
      }
      const check = checkUpdate(body);
      if (check.kind === "not-an-update") {
        logger.info({ field: check.field, issue: check.issue }, "telegram webhook: body is not an update");
        return c.json({ ok: false, error: "not a Telegram update" }, 400);
      }
      if (check.kind === "unusable") {
        logUnusableUpdate(logger, check, "webhook");
        return c.body(null, 200);
      }
      const update = check.update;
      try {
        await options.handleUpdate(update);
      } catch (error) {
        // Not accepted (the database is gone): not ours yet, so Telegram must deliver it again.
        if (isNotAccepted(error)) {
          c.header("Retry-After", "5");
          return c.json({ ok: false, error: "not accepted, try again" }, 503);
        }
        // Otherwise only reachable if grammY itself fails; the update handler contains its own errors.
        logger.error({ updateId: update.update_id, err: { name: error instanceof Error ? error.name : typeof error } }, "telegram webhook: update crashed");
      }
      return c.body(null, 200);
    },
  );
  return app;
}

/** grammY wraps what a handler throws in a BotError (`.error`); the handler's NotAccepted is an "unavailable" AppError. */
function isNotAccepted(error: unknown): boolean {
  const inner = typeof error === "object" && error !== null && "error" in error ? (error as { error: unknown }).error : error;
  return isAppError(inner) && inner.code === "unavailable";
}
