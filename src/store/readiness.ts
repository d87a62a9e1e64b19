// Readiness probes: does the database answer a SELECT 1 within a short time? Never waits on a busy or
// hung application pool: PostgreSQL is asked over a one-connection pool of its own, which gives up
// after READY_TIMEOUT_MS both when connecting and when the answer does not come.
import type { PGlite } from "@electric-sql/pglite";
import pg from "pg";
import type { Logger } from "../shared/logging/logger.ts";
import { connectionConfig, watchPool } from "./pg-connections.ts";

export const READY_TIMEOUT_MS = 2_000;

export interface Readiness {
  /** True when the database answered SELECT 1 in time; never rejects. */
  ping(): Promise<boolean>;
  close(): Promise<void>;
}

export function postgresReadiness(url: string, logger: Logger): Readiness {
  const pool = watchPool(
    new pg.Pool({ ...connectionConfig(url, "readiness"), max: 1, connectionTimeoutMillis: READY_TIMEOUT_MS, query_timeout: READY_TIMEOUT_MS }),
    "readiness",
    logger,
  );
  return {
    // pool.query discards a connection whose query failed or timed out, so the next probe connects anew.
    ping: () =>
      pool.query("SELECT 1").then(
        () => true,
        () => false,
      ),
    close: () => pool.end(),
  };
}

/** The embedded database runs in this process: it is ready unless closed or too busy to answer in time. */
export function pgliteReadiness(pglite: PGlite): Readiness {
  return {
    async ping() {
      if (pglite.closed) return false;
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), READY_TIMEOUT_MS)));
      const answer = pglite.query("SELECT 1").then(
        () => true,
        () => false,
      );
      return Promise.race([answer, late]).finally(() => clearTimeout(timer));
    },
    close: async () => undefined,
  };
}
