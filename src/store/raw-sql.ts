// Plain SQL beside Prisma for the message hot path (accept and the common turn), because Prisma 6.19
// costs about as much CPU per call for raw SQL as for a model query (its runtime and Wasm query compiler
// run either way; bench/RESULTS.md). PostgreSQL: a small pg pool of its own; PGlite: the same instance
// Prisma uses (one query at a time, so nothing else may be awaited inside a transaction here).
// Statements are written once with $n parameters and also run through Prisma ($queryRawUnsafe) when a
// turn needs Prisma's transaction; they cast what they return to text so both paths read the same rows.
import pg from "pg";
import type { PGlite, Transaction } from "@electric-sql/pglite";
import type { Logger } from "../shared/logging/logger.ts";
import type { PrismaClient } from "./generated/client.ts";
import { isDbUnavailable } from "../shared/errors/db-error.ts";
import { connectionConfig, logConnectionError, watchPool } from "./pg-connections.ts";

/** Runs one statement; rows as plain objects. */
export type RawQuery = <T>(text: string, params?: readonly unknown[]) => Promise<T[]>;

export interface RawSql {
  query: RawQuery;
  /** BEGIN … COMMIT on one connection (ROLLBACK when `work` throws). */
  transaction<T>(work: (query: RawQuery) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export function postgresRawSql(url: string, logger: Logger, max = 10): RawSql {
  const pool = watchPool(new pg.Pool({ ...connectionConfig(url, "turns"), max }), "turns", logger);
  // node-postgres rejects the running query when its connection dies and emits 'error' only when none
  // is running: a drop or a refusal met by a statement is logged here, once, with the pool's name.
  const dropped = (error: unknown): never => {
    if (isDbUnavailable(error)) logConnectionError(logger, "turns", error, "database: a connection dropped or was refused during a statement");
    throw error;
  };
  const on =
    (client: pg.Pool | pg.PoolClient): RawQuery =>
    async <T>(text: string, params: readonly unknown[] = []) =>
      (await client.query(text, params as unknown[]).catch(dropped)).rows as T[];
  return {
    query: on(pool),
    async transaction(work) {
      const client = await pool.connect().catch(dropped);
      let broken: unknown;
      // The pool stops listening to a client while it is checked out; a drop mid-transaction must not go unheard.
      const onError = (error: Error): void => {
        broken ??= error;
        logConnectionError(logger, "turns", error, "database: a connection dropped during a turn");
      };
      client.on("error", onError);
      // BEGIN goes out with the transaction's first statement: in one round trip when that statement has
      // no parameters (the simple protocol allows several statements; a turn's lock is such a statement).
      let begun = false;
      const direct = on(client);
      const inTransaction: RawQuery = async <T>(text: string, params: readonly unknown[] = []) => {
        if (begun) return direct<T>(text, params);
        begun = true;
        if (params.length > 0) {
          await client.query("BEGIN").catch(dropped);
          return direct<T>(text, params);
        }
        const results = (await client.query(`BEGIN; ${text}`).catch(dropped)) as unknown as pg.QueryResult[];
        return results[results.length - 1]!.rows as T[];
      };
      try {
        const result = await work(inTransaction);
        if (begun) await client.query("COMMIT");
        return result;
      } catch (error) {
        if (begun) await client.query("ROLLBACK").catch((e: unknown) => (broken = e));
        throw error;
      } finally {
        client.off("error", onError);
        client.release(broken instanceof Error ? broken : broken === undefined ? undefined : true);
      }
    },
    close: () => pool.end(),
  };
}

export function pgliteRawSql(pglite: PGlite): RawSql {
  const on =
    (db: PGlite | Transaction): RawQuery =>
    async <T>(text: string, params: readonly unknown[] = []) =>
      (await db.query<T>(text, params as unknown[])).rows;
  return { query: on(pglite), transaction: (work) => pglite.transaction((tx) => work(on(tx))), close: async () => undefined };
}

/** The same statements through a Prisma client or transaction client. */
export const prismaQuery =
  (prisma: PrismaClient): RawQuery =>
  <T>(text: string, params: readonly unknown[] = []) =>
    prisma.$queryRawUnsafe<T[]>(text, ...params);

/** `timestamp(3)` columns selected as text hold UTC (Prisma's convention). */
export const utc = (text: string): Date => new Date(`${text.replace(" ", "T")}Z`);
