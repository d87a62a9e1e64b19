// The one place that decides "retry or give up" for Zalo Bot API failures, plus the back-off maths.
import { setTimeout as delay } from "node:timers/promises";
import type { Logger } from "../../shared/logging/logger.ts";
import { isZaloApiError, type ZaloApiError } from "./zalo-api-errors.ts";

export interface RetryOptions {
  /** First back-off delay; doubles on each attempt. */
  baseDelayMs: number;
  /** Cap on any single delay. */
  maxDelayMs: number;
  /** Attempts per call, the first included. */
  maxAttempts: number;
}

export const DEFAULT_RETRY: Readonly<RetryOptions> = Object.freeze({ baseDelayMs: 1_000, maxDelayMs: 30_000, maxAttempts: 5 });

export function resolveRetryOptions(overrides: Partial<RetryOptions> = {}): RetryOptions {
  const merged = { ...DEFAULT_RETRY, ...overrides };
  return {
    baseDelayMs: Math.max(0, merged.baseDelayMs),
    maxDelayMs: Math.max(0, merged.maxDelayMs),
    maxAttempts: Math.max(1, Math.floor(merged.maxAttempts)),
  };
}

export type RetryDecision = { retry: true; delayMs: number } | { retry: false; reason: "fatal" | "idle" | "exhausted" };

/**
 * 429, 403 ("Internal server error" per the docs), 5xx and network failures back off exponentially
 * (capped) up to maxAttempts; 401 and 400-class errors are fatal; 408 from getUpdates means idle.
 * `attempt` is the number of the attempt that just failed (1-based).
 */
export function decideRetry(error: ZaloApiError, attempt: number, options: RetryOptions, random: () => number = Math.random): RetryDecision {
  switch (error.kind) {
    case "timeout_idle":
      return { retry: false, reason: "idle" };
    case "auth":
    case "bad_request":
      return { retry: false, reason: "fatal" };
    case "rate_limited":
    case "transient":
      if (attempt >= options.maxAttempts) return { retry: false, reason: "exhausted" };
      return { retry: true, delayMs: backoffDelay(attempt, options, random) };
  }
}

/** Exponential delay for the n-th failure (1-based), capped, with jitter in [50 %, 100 %] of the step. */
export function backoffDelay(failure: number, options: Pick<RetryOptions, "baseDelayMs" | "maxDelayMs">, random: () => number = Math.random): number {
  const step = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** Math.max(0, Math.min(failure - 1, 30)));
  return Math.round(step / 2 + (step / 2) * random());
}

/** Sleeps unless the signal aborts (then rejects with the abort reason). */
export async function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  await delay(ms, undefined, signal ? { signal } : {});
}

/**
 * Repeats `fn` with capped back-off until it succeeds, for start-up steps that must eventually happen
 * (getMe, deleteWebhook, setWebhook). Gives up (rethrows) on abort, on 401 and on 400-class errors,
 * where repeating cannot help.
 */
export async function retryForever<T>(fn: () => Promise<T>, options: { signal: AbortSignal; retry: RetryOptions; logger: Logger; what: string }): Promise<T> {
  for (let failure = 1; ; failure++) {
    try {
      return await fn();
    } catch (error) {
      if (options.signal.aborted || !isZaloApiError(error) || error.kind === "auth" || error.kind === "bad_request") throw error;
      const delayMs = backoffDelay(failure, options.retry);
      options.logger.warn(
        { method: options.what, kind: error.kind, errorCode: error.error_code, failure, delayMs },
        "Zalo Bot API still failing; will try again",
      );
      await sleep(delayMs, options.signal);
    }
  }
}
