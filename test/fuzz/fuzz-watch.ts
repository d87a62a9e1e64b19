// Shared pieces of the fuzz tests, part 2: the process-level watchers (unhandled rejections, uncaught
// exceptions, leaked request timers, prototype pollution, RSS growth, error-level log lines) and the
// end-of-run check. Part 1, fuzz-kit.ts: the bodies.
import pino from "pino";
import { expect } from "vitest";
import type { Logger } from "../../src/shared/logging/logger.ts";
import type { FuzzBody } from "./fuzz-kit.ts";

export interface ProcessWatch {
  /** What the process-level hooks saw during the run (reasons as short strings). */
  readonly events: string[];
  /** Timers armed with `timeoutMs` (grammY's per-request timer) and not cleared. */
  leakedTimers(): number;
  stop(): void;
}

/**
 * Listens for unhandledRejection/uncaughtException on `process` and counts timers of `timeoutMs` that are
 * armed and never cleared (a leaked request timer fires its rejection long after the test ended).
 */
export function watchProcess(timeoutMs?: number): ProcessWatch {
  const events: string[] = [];
  const onRejection = (reason: unknown): void => void events.push(`unhandledRejection: ${String(reason)}`);
  const onException = (error: unknown): void => void events.push(`uncaughtException: ${String(error)}`);
  process.on("unhandledRejection", onRejection);
  process.on("uncaughtException", onException);
  const realSet = globalThis.setTimeout;
  const realClear = globalThis.clearTimeout;
  const armed = new Set<unknown>();
  if (timeoutMs !== undefined) {
    globalThis.setTimeout = ((fn: () => void, ms?: number, ...args: unknown[]) => {
      const timer = realSet(fn, ms, ...args);
      if (ms === timeoutMs) armed.add(timer);
      return timer;
    }) as typeof setTimeout;
    globalThis.clearTimeout = ((timer: NodeJS.Timeout | string | number | undefined) => {
      armed.delete(timer);
      realClear(timer);
    }) as typeof clearTimeout;
  }
  return {
    events,
    leakedTimers: () => armed.size,
    stop() {
      process.off("unhandledRejection", onRejection);
      process.off("uncaughtException", onException);
      globalThis.setTimeout = realSet;
      globalThis.clearTimeout = realClear;
      for (const timer of armed) realClear(timer as NodeJS.Timeout); // a leak must not fire after the test
    },
  };
}

/** True when a hostile "__proto__" key reached Object.prototype. */
export function prototypePolluted(): boolean {
  const probe: Record<string, unknown> = {};
  return Object.keys(Object.prototype).length > 0 || "x" in probe || "a" in probe || "polluted" in probe;
}

export const MB = 1024 * 1024;

export function rss(): number {
  return process.memoryUsage().rss;
}

/** A logger that keeps error-level lines (message and update id only): hostile input must never log an error. */
export function errorLog(): { logger: Logger; errors: string[] } {
  const errors: string[] = [];
  const logger = pino(
    { level: "error" },
    {
      write: (line: string) => {
        const entry = JSON.parse(line) as { msg?: string; updateId?: unknown; err?: { name?: unknown; message?: unknown } };
        errors.push(`${entry.msg} (updateId ${String(entry.updateId)}, ${String(entry.err?.name)}: ${String(entry.err?.message).slice(0, 200)})`);
      },
    },
  );
  return { logger, errors };
}

/** Sends one body and returns the status (never throws on an HTTP error status). */
export async function postBody(url: string, body: FuzzBody, headers: Record<string, string>): Promise<number> {
  const response = await fetch(url, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: body.body });
  await response.arrayBuffer();
  return response.status;
}

export interface RunRecord {
  name: string;
  watch: ProcessWatch;
  errors: readonly string[];
  rssBefore: number;
  requests: number;
  rssGrowthLimit: number;
}

/** The invariants of every fuzz run, checked once at the end (the statuses are checked per request). */
export function expectCleanRun(run: RunRecord): void {
  const growth = rss() - run.rssBefore;
  console.log(`[fuzz] ${run.name}: ${run.requests} requests, RSS growth ${(growth / MB).toFixed(1)} MB`);
  expect(run.watch.events, "process-level error hooks").toEqual([]);
  expect(run.errors, "error-level log lines").toEqual([]);
  expect(run.watch.leakedTimers(), "request timers left armed").toBe(0);
  expect(prototypePolluted(), "Object.prototype polluted").toBe(false);
  expect(growth, "RSS growth in bytes").toBeLessThan(run.rssGrowthLimit);
}
