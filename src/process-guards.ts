// Process-level error hooks, part of the composition root (installed by main.ts before the app starts).
//
// Contract:
// - unhandledRejection: logged at error level with its reason, and the process STAYS UP. A rejection is
//   one failed promise whose awaiting code has already moved on; unlike an exception it does not abandon
//   a synchronous call stack half-way, so shared state is as consistent as after any caught error. The
//   process serves Telegram, Zalo, the web chat and the console: one stray library timer (grammY once
//   leaked one 75 s after a malformed update) must not take every channel down. Node's default (crash)
//   is what this replaces; the count is kept for metrics.
// - uncaughtException: logged at fatal level, then the normal graceful stop (in-flight messages finish,
//   connections close) and exit code 1. A stop that does not finish within stopTimeoutMs, or a second
//   exception meanwhile, exits at once. Node's docs: resuming after an uncaught exception is unsafe.
// What is logged: for Error values their name, code, message and stack (operator text by the house
// rule, with the bot tokens redacted); for any other rejected value only its type (it may be anything,
// a person's message included). Describing never throws.
import type { Logger } from "./shared/logging/logger.ts";

/** `process`, or an EventEmitter in tests. */
export type ProcessLike = Pick<NodeJS.EventEmitter, "on" | "off">;

export interface ProcessGuardOptions {
  target: ProcessLike;
  logger: Logger;
  /** The graceful stop of whatever is running (nothing yet: resolve at once). */
  stop: () => Promise<void>;
  exit: (code: number) => void;
  /** Removed from logged messages and stacks (bot tokens). Empty and undefined entries are skipped. */
  secrets?: ReadonlyArray<string | undefined>;
  stopTimeoutMs?: number;
}

export interface ProcessGuards {
  /** Unhandled rejections seen so far. */
  rejections(): number;
  uninstall(): void;
}

export interface ReasonSummary {
  type: string;
  name?: string;
  code?: string;
  message?: string;
  stack?: string;
}

const DEFAULT_STOP_TIMEOUT_MS = 10_000;

export function installProcessGuards(options: ProcessGuardOptions): ProcessGuards {
  const { target, logger } = options;
  const secrets = (options.secrets ?? []).filter((s): s is string => typeof s === "string" && s.length >= 8);
  let rejections = 0;
  let stopping = false;

  const onRejection = (reason: unknown): void => {
    rejections += 1;
    logger.error({ reason: describeReason(reason, secrets), rejections }, "unhandled promise rejection (logged; the process stays up)");
  };
  const onException = (error: unknown, origin?: unknown): void => {
    logger.fatal({ reason: describeReason(error, secrets), origin: typeof origin === "string" ? origin : undefined }, "uncaught exception: stopping");
    if (stopping) return options.exit(1);
    stopping = true;
    stopThenExit(options);
  };
  target.on("unhandledRejection", onRejection);
  target.on("uncaughtException", onException);
  return {
    rejections: () => rejections,
    uninstall() {
      target.off("unhandledRejection", onRejection);
      target.off("uncaughtException", onException);
    },
  };
}

function stopThenExit(options: ProcessGuardOptions): void {
  const timer = setTimeout(() => {
    options.logger.fatal({ timeoutMs: options.stopTimeoutMs ?? DEFAULT_STOP_TIMEOUT_MS }, "graceful stop did not finish in time; exiting");
    options.exit(1);
  }, options.stopTimeoutMs ?? DEFAULT_STOP_TIMEOUT_MS);
  let stopped: Promise<void>;
  try {
    stopped = options.stop();
  } catch (error) {
    stopped = Promise.reject(error);
  }
  stopped.then(
    () => {
      clearTimeout(timer);
      options.exit(1);
    },
    (error: unknown) => {
      clearTimeout(timer);
      options.logger.fatal({ reason: describeReason(error, []) }, "graceful stop failed");
      options.exit(1);
    },
  );
}

/** Never throws. */
export function describeReason(reason: unknown, secrets: readonly string[]): ReasonSummary {
  try {
    if (!(reason instanceof Error)) return { type: reason === null ? "null" : typeof reason };
    const clean = (value: unknown, max: number): string | undefined => (typeof value === "string" ? redact(value, secrets).slice(0, max) : undefined);
    const summary: ReasonSummary = { type: "Error", name: clean(read(reason, "name"), 100) ?? "Error" };
    const code = read(reason, "code");
    if (typeof code === "string" || typeof code === "number") summary.code = String(code).slice(0, 40);
    const message = clean(read(reason, "message"), 500);
    if (message !== undefined) summary.message = message;
    const stack = clean(read(reason, "stack"), 4_000);
    if (stack !== undefined) summary.stack = stack;
    return summary;
  } catch {
    return { type: "undescribable" };
  }
}

function read(value: object, key: string): unknown {
  try {
    return (value as Record<string, unknown>)[key];
  } catch {
    return undefined;
  }
}

function redact(text: string, secrets: readonly string[]): string {
  return secrets.reduce((out, secret) => out.split(secret).join("[redacted]"), text);
}
