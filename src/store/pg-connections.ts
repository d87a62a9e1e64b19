// Every PostgreSQL connection the app opens is named (application_name `kna-<role>`, visible in
// pg_stat_activity) and watched: node-postgres emits 'error' on a pool or client whose connection the
// server drops (restart, failover, pg_terminate_backend), and an unheard 'error' ends the process.
import type pg from "pg";
import { dbErrorFields } from "../shared/errors/db-error.ts";
import type { Logger } from "../shared/logging/logger.ts";

/** Which connection a log line is about. */
export type ConnectionRole = "prisma" | "turns" | "turn-locks" | "poll-lock" | "readiness" | "migrations";

/** A connect that gets no answer fails after this long instead of waiting forever. */
export const CONNECT_TIMEOUT_MS = 10_000;

/** Connection options shared by every pool and client of one role. */
export function connectionConfig(url: string, role: ConnectionRole): pg.ClientConfig {
  return { connectionString: url, application_name: `kna-${role}`, connectionTimeoutMillis: CONNECT_TIMEOUT_MS, keepAlive: true };
}

/** One precise line: which connection, the SQLSTATE or socket code, and a safe reason (no statement text). */
export function logConnectionError(logger: Logger, role: ConnectionRole, error: unknown, msg: string): void {
  logger.warn({ pool: role, ...dbErrorFields(error) }, msg);
}

/** Idle connections that die are logged; the pool discards them and connects anew when next needed. */
export function watchPool(pool: pg.Pool, role: ConnectionRole, logger: Logger): pg.Pool {
  pool.on("error", (error) => logConnectionError(logger, role, error, "database: an idle connection was dropped; the pool reconnects when needed"));
  return pool;
}
