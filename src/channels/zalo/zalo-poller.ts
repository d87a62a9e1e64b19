// Long-polling mode (zalo-bot-api.md §6): one sequential getUpdates loop per bot, guarded by a
// cluster-wide lock, after deleteWebhook (webhook and getUpdates are mutually exclusive).
import type { LockService } from "../../core/ports.ts";
import type { Logger } from "../../shared/logging/logger.ts";
import type { InboundDispatcher } from "./inbound-dispatcher.ts";
import { loggableEventName, logUnusableUpdate, mapZaloUpdate } from "./map-zalo-update.ts";
import { describeZaloError } from "./describe-zalo-error.ts";
import { isZaloApiError, type ZaloApiClient, type ZaloRawUpdate } from "./zalo-api-client.ts";
import { backoffDelay, retryForever, sleep, type RetryOptions } from "./zalo-retry-policy.ts";

export interface ZaloPollerOptions {
  client: ZaloApiClient;
  locks: LockService;
  dispatcher: InboundDispatcher;
  logger: Logger;
  retry: RetryOptions;
  signal: AbortSignal;
  /** From getMe when start() already has it; fetched otherwise. */
  botId?: string | undefined;
  pollTimeoutSeconds?: number;
}

export const POLL_LOCK_PREFIX = "zalo-poll:";

/**
 * Runs until the signal aborts (resolves) or the token is rejected (rejects with the auth error).
 * On the way out it waits for in-flight processing, then releases the lock. When the lock is lost (its
 * database session dropped) polling stops at once (the pending getUpdates is aborted) and the lock is
 * taken again before polling resumes, so two instances never poll one token together for long.
 */
export async function runZaloPoller(options: ZaloPollerOptions): Promise<void> {
  const { client, signal, logger, retry } = options;
  const botId = options.botId ?? (await retryForever(() => client.getMe({ signal }), { signal, retry, logger, what: "getMe" })).id;
  while (!signal.aborted) {
    const lock = await options.locks.acquire(`${POLL_LOCK_PREFIX}${botId}`, signal);
    const held = AbortSignal.any([signal, lock.lost]);
    try {
      await retryForever(() => client.deleteWebhook({ signal: held }), { signal: held, retry, logger, what: "deleteWebhook" });
      logger.info("Zalo long polling started");
      await pollLoop({ ...options, signal: held });
    } catch (error) {
      if (!lock.lost.aborted) throw error;
    } finally {
      await options.dispatcher.drain();
      await lock.release();
    }
    if (lock.lost.aborted && !signal.aborted) logger.warn("Zalo: the polling lock was lost; polling stops until the lock is taken again");
  }
}

async function pollLoop(options: ZaloPollerOptions): Promise<void> {
  const { client, signal, logger, retry } = options;
  let failures = 0;
  while (!signal.aborted) {
    let update: ZaloRawUpdate | undefined;
    try {
      update = await client.getUpdates({ timeout: options.pollTimeoutSeconds ?? 30 }, { signal });
      failures = 0;
    } catch (error) {
      if (signal.aborted) return;
      if (isZaloApiError(error) && error.kind === "auth") throw error;
      failures += 1;
      const delayMs = backoffDelay(failures, retry);
      logger.warn({ ...describeZaloError(error), method: "getUpdates", failures, delayMs }, "Zalo polling failed; backing off");
      await sleep(delayMs, signal).catch(() => undefined);
      continue;
    }
    if (update !== undefined) acceptUpdate(update, options);
  }
}

function acceptUpdate(update: ZaloRawUpdate, options: ZaloPollerOptions): void {
  const mapped = mapZaloUpdate(update);
  if (mapped.kind === "invalid") {
    options.logger.warn({ issues: mapped.issues }, "Zalo update from getUpdates has an unexpected shape; skipped");
  } else if (mapped.kind === "unusable") {
    logUnusableUpdate(options.logger, mapped, "polling");
  } else if (mapped.kind === "ignored") {
    options.logger.info({ event: loggableEventName(mapped.eventName), reason: mapped.reason }, "Zalo update ignored");
  } else if (options.dispatcher.enqueue(mapped) === "replayed") {
    options.logger.debug({ event: mapped.eventName }, "Zalo redelivery ignored (replay window)");
  }
}
