// Cluster-wide named locks on PostgreSQL session-level advisory locks. A session lock lives exactly as
// long as its connection, so every path here assumes the connection can drop at any moment:
// - long-held locks (one poller per bot token) own a dedicated connection; they wait out outages while
//   acquiring, and once held they report a dropped session through HeldLock.lost (also when a periodic
//   check gets no answer, since a silent network drop emits nothing) so the holder stops before
//   another instance can take the lock;
// - short per-person turn locks come from a small pool of their own (never starving Prisma's); a
//   drop rejects the turn with a retryable AppError "unavailable" instead of an unheard 'error'.
import { createHash } from "node:crypto";
import pg from "pg";
import type { HeldLock, LockService } from "../core/ports.ts";
import { AppError } from "../shared/errors/app-error.ts";
import type { Logger } from "../shared/logging/logger.ts";
import { connectionConfig, logConnectionError, watchPool } from "./pg-connections.ts";

export interface AdvisoryLockTiming {
  /** Pause between tries while another session holds a long-held lock; first reconnect back-off. */
  retryMs: number;
  /** Longest pause between reconnects while the database is unreachable. */
  maxBackoffMs: number;
  /** How often a held long lock checks that its session still answers. */
  heartbeatMs: number;
  /** A check (or a release) that takes longer than this counts as a dropped session. */
  answerTimeoutMs: number;
}

const DEFAULT_TIMING: AdvisoryLockTiming = { retryMs: 2_000, maxBackoffMs: 30_000, heartbeatMs: 15_000, answerTimeoutMs: 5_000 };

interface LockContext {
  url: string;
  logger: Logger;
  timing: AdvisoryLockTiming;
}

export function advisoryLocks(url: string, logger: Logger, timing: Partial<AdvisoryLockTiming> = {}): LockService & { close(): Promise<void> } {
  const ctx: LockContext = { url, logger, timing: { ...DEFAULT_TIMING, ...timing } };
  const turnLocks = watchPool(new pg.Pool({ ...connectionConfig(url, "turn-locks"), max: 8 }), "turn-locks", logger);
  return {
    acquire: (name, signal) => acquireLongLock(ctx, name, signal),
    withLock: (name, work) => withTurnLock(turnLocks, logger, name, work),
    close: () => turnLocks.end(),
  };
}

/** Connects, then tries the lock every retryMs; any database failure reconnects with back-off. */
async function acquireLongLock(ctx: LockContext, name: string, signal: AbortSignal | undefined): Promise<HeldLock> {
  for (let failures = 0; ; failures++) {
    signal?.throwIfAborted();
    const client = new pg.Client(connectionConfig(ctx.url, "poll-lock"));
    const session = watchSession(client);
    try {
      await client.connect();
      for (;;) {
        signal?.throwIfAborted();
        const { rows } = await client.query<{ ok: boolean }>("SELECT pg_try_advisory_lock(hashtext($1)) AS ok", [name]);
        if (rows[0]?.ok) return holdLock(ctx, client, session);
        await pause(ctx.timing.retryMs, signal);
      }
    } catch (error) {
      void client.end().catch(() => undefined);
      if (signal?.aborted) throw signal.reason;
      const delayMs = Math.min(ctx.timing.retryMs * 2 ** failures, ctx.timing.maxBackoffMs);
      logConnectionError(ctx.logger.child({ delayMs }), "poll-lock", error, "database: could not take a long-held lock; trying again");
      await pause(delayMs, signal);
    }
  }
}

/** Aborts (with the error) when the client's connection fails or ends. Keeps 'error' heard for good. */
function watchSession(client: pg.Client): AbortSignal {
  const ended = new AbortController();
  client.on("error", (error) => ended.abort(error));
  client.on("end", () => ended.abort(new Error("connection ended")));
  return ended.signal;
}

function holdLock(ctx: LockContext, client: pg.Client, session: AbortSignal): HeldLock {
  const { timing, logger } = ctx;
  const lost = new AbortController();
  let released = false;
  const lose = (cause: unknown): void => {
    if (released || lost.signal.aborted) return;
    clearInterval(heartbeat);
    logConnectionError(logger, "poll-lock", cause, "database: a long-held lock was lost with its session; the holder stops and takes it again");
    lost.abort(new AppError("unavailable", "the lock's database session ended", { cause }));
    void client.end().catch(() => undefined);
  };
  const heartbeat = setInterval(() => {
    withTimeout(client.query("SELECT 1"), timing.answerTimeoutMs).catch(lose);
  }, timing.heartbeatMs);
  heartbeat.unref();
  session.addEventListener("abort", () => lose(session.reason), { once: true });
  if (session.aborted) lose(session.reason);
  return {
    lost: lost.signal,
    async release() {
      if (released) return;
      released = true;
      clearInterval(heartbeat);
      // Ending the session frees the lock; bounded, so a dead network cannot hold up a shutdown.
      await withTimeout(client.end(), timing.answerTimeoutMs).catch(() => undefined);
    },
  };
}

async function withTurnLock<T>(pool: pg.Pool, logger: Logger, name: string, work: () => Promise<T>): Promise<T> {
  const lock = await takeTurnLock(pool, logger, advisoryKey(name));
  const outcome = await work().then(
    (value) => ({ ok: true as const, value }),
    (error: unknown) => ({ ok: false as const, error }),
  );
  const heldToTheEnd = await lock.unlock();
  if (outcome.ok) {
    if (!heldToTheEnd) logger.warn({ pool: "turn-locks" }, "database: a turn finished after its lock's session dropped; its result stands");
    return outcome.value;
  }
  if (!heldToTheEnd) throw new AppError("unavailable", "the turn lock's database session dropped during the turn", { cause: outcome.error });
  throw outcome.error;
}

/** Takes the lock on a pooled connection; unlock() tells whether the session held it to the end. */
async function takeTurnLock(pool: pg.Pool, logger: Logger, key: string): Promise<{ unlock(): Promise<boolean> }> {
  let client: pg.PoolClient;
  try {
    client = await pool.connect();
  } catch (error) {
    throw new AppError("unavailable", "no database connection for a turn lock", { cause: error });
  }
  let dropped: unknown;
  // The pool stops listening to a client while it is checked out; this listener stays on a dropped one.
  const onError = (error: Error): void => {
    if (dropped === undefined) logConnectionError(logger, "turn-locks", error, "database: a turn lock's connection dropped");
    dropped ??= error;
  };
  client.on("error", onError);
  try {
    await client.query("SELECT pg_advisory_lock($1::bigint)", [key]);
  } catch (error) {
    client.release(true);
    throw new AppError("unavailable", "could not take a turn lock", { cause: error });
  }
  return {
    async unlock() {
      if (dropped === undefined) {
        try {
          await client.query("SELECT pg_advisory_unlock($1::bigint)", [key]);
          client.removeListener("error", onError);
          client.release();
          return true;
        } catch (error) {
          dropped = error;
        }
      }
      client.release(true); // the pool discards a dropped connection; the lock went with its session
      return false;
    },
  };
}

/** A 64-bit advisory-lock key from a name, so the name itself (it may hold a chat id) never leaves. */
export function advisoryKey(name: string): string {
  return createHash("sha256").update(name).digest().readBigInt64BE(0).toString();
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms)));
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** Resolves after `ms`, or at once when the signal aborts (the caller checks the signal). */
function pause(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      clearTimeout(timer);
      signal?.removeEventListener("abort", done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener("abort", done, { once: true });
  });
}
