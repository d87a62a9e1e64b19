// Long polling with @grammyjs/runner, guarded by a cluster-wide lock so exactly one instance polls a
// token (two pollers make Telegram answer 409 to one of them).
//
// Contract: start() returns at once; the lock is taken in the background, so a standby instance waits
// there without blocking boot and takes over when the active one stops. If the runner crashes
// (401/409 or a network outage beyond the runner's retry window) the lock is released and the loop
// tries again after a pause. stop() waits for in-flight updates before releasing the lock. Updates fetched but not yet confirmed
// to Telegram come back after a restart; the store's dedupe on update_id drops the repeats.
// When the lock is lost (its database session dropped) the runner is stopped at once and the loop takes
// the lock again, so a standby that takes it meanwhile never polls beside this one for longer than the
// runner takes to abort its getUpdates.
import { run, type RunnerHandle } from "@grammyjs/runner";
import type { Bot } from "grammy";
import type { HeldLock, LockService } from "../../core/ports.ts";
import type { Logger } from "../../shared/logging/logger.ts";
import { describeError } from "./describe-error.ts";
import { ALLOWED_UPDATES } from "./map-update.ts";

const HEALTHY_RUN_MS = 60_000;
const MAX_RESTART_DELAY_MS = 5 * 60_000;

export interface PollerOptions {
  bot: Bot;
  locks: LockService;
  logger: Logger;
  token: string;
  /** Long-poll timeout passed to getUpdates, seconds. */
  pollTimeoutSeconds?: number;
  /** Pause before trying again after a crash, ms. */
  restartDelayMs?: number;
  /** Resolves when no update is being handled (the runner's stop does not wait for them). */
  drain: () => Promise<void>;
}

export interface Poller {
  start(): void;
  stop(): Promise<void>;
}

export function createPoller(options: PollerOptions): Poller {
  const { bot, locks, logger, token } = options;
  const lockName = `telegram-poll:${bot.botInfo.id}`;
  let controller: AbortController | undefined;
  let runner: RunnerHandle | undefined;
  let loop: Promise<void> | undefined;

  /** Returns true when the runner ran (it then stopped or crashed), false when it never started. */
  async function pollOnce(signal: AbortSignal): Promise<boolean> {
    let lock: HeldLock;
    try {
      lock = await locks.acquire(lockName, signal);
    } catch (error) {
      if (!signal.aborted) logger.error({ err: describeError(error, token) }, "telegram: could not take the polling lock");
      return false;
    }
    const startedAt = Date.now();
    const onLost = (): void => {
      logger.warn("telegram: the polling lock was lost; long polling stops until the lock is taken again");
      if (runner?.isRunning()) void runner.stop();
    };
    lock.lost.addEventListener("abort", onLost, { once: true });
    try {
      if (signal.aborted || lock.lost.aborted) return false;
      await bot.api.deleteWebhook();
      if (signal.aborted || lock.lost.aborted) return false;
      runner = run(bot, {
        runner: { fetch: { timeout: options.pollTimeoutSeconds ?? 30, allowed_updates: ALLOWED_UPDATES }, silent: true, maxRetryTime: 5 * 60_000 },
      });
      logger.info("telegram: long polling started");
      await runner.task();
      return true;
    } catch (error) {
      if (!signal.aborted) logger.error({ err: describeError(error, token) }, "telegram: long polling stopped with an error");
      return Date.now() - startedAt > HEALTHY_RUN_MS;
    } finally {
      lock.lost.removeEventListener("abort", onLost);
      runner = undefined;
      await options.drain(); // finish in-flight updates before another instance may take over
      await lock.release().catch((error: unknown) => logger.warn({ err: describeError(error, token) }, "telegram: releasing the polling lock failed"));
    }
  }

  // Pauses double after each quick failure (a revoked token must not log every few seconds forever).
  async function pollForever(signal: AbortSignal): Promise<void> {
    const base = options.restartDelayMs ?? 5_000;
    let failures = 0;
    while (!signal.aborted) {
      failures = (await pollOnce(signal)) ? 0 : failures + 1;
      if (!signal.aborted) await pause(Math.min(base * 2 ** Math.max(0, failures - 1), MAX_RESTART_DELAY_MS), signal);
    }
  }

  return {
    start() {
      if (loop) return;
      controller = new AbortController();
      loop = pollForever(controller.signal);
    },
    async stop() {
      controller?.abort();
      const r = runner;
      if (r?.isRunning()) await r.stop(); // stops fetching; pollOnce then drains and releases the lock
      await loop;
      loop = undefined;
      logger.info("telegram: long polling stopped");
    },
  };
}

function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    signal.addEventListener("abort", done, { once: true });
    function done(): void {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    }
  });
}
