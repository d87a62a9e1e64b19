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

/**
 * A transaction's query function. On node-postgres it also has `opening` and `closing`, which save round
 * trips with the simple protocol (several statements in one query, the parameters inlined as literals);
 * elsewhere (PGlite, Prisma) they are absent and the caller runs its statements one by one.
 */
export interface TransactionQuery extends RawQuery {
  /** The transaction's first call: several statements separated by ";", with BEGIN; the last one's rows. */
  opening?: RawQuery;
  /** The transaction's last call: the statement and COMMIT in one round trip; its rows. */
  closing?: RawQuery;
}

export interface RawSql {
  query: RawQuery;
  /**
   * BEGIN … COMMIT on one connection (ROLLBACK when `work` throws). On node-postgres BEGIN goes out with
   * the first statement, in one round trip, and that statement may be several separated by ";" (its
   * parameters are inlined): the rows are the last statement's.
   */
  transaction<T>(work: (query: TransactionQuery) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/**
 * `text` with its $n parameters as SQL literals (node-postgres's escaping, standard_conforming_strings),
 * or null when one cannot be written inline (a NUL byte would end the simple protocol's query string;
 * other types are not ours to guess). Every statement here casts its parameters, so a literal is read
 * as the parameter was.
 */
export function inlineParameters(text: string, params: readonly unknown[]): string | null {
  const literals: string[] = [];
  for (const value of params) {
    if (value === null || value === undefined) literals.push("NULL");
    else if (typeof value === "boolean") literals.push(value ? "true" : "false");
    else if (typeof value === "number" && Number.isFinite(value)) literals.push(String(value));
    else if (typeof value === "bigint") literals.push(value.toString());
    else if (typeof value === "string" && !value.includes("\0"))
      // Most values (sealed bodies, ids, timestamps) hold neither quote nor backslash: quoted as they are.
      literals.push(/['\\]/.test(value) ? pg.escapeLiteral(value) : `'${value}'`);
    else return null;
  }
  return text.replace(/\$(\d+)\b/g, (whole, n: string) => literals[Number(n) - 1] ?? whole);
}

type Results = pg.QueryResult | pg.QueryResult[];
const all = (result: Results): pg.QueryResult[] => (Array.isArray(result) ? result : [result]);

export function postgresRawSql(url: string, logger: Logger, max = 10): RawSql {
  const pool = watchPool(new pg.Pool({ ...connectionConfig(url, "turns"), max }), "turns", logger);
  // node-postgres rejects the running query when its connection dies and emits 'error' only when none
  // is running: a drop or a refusal met by a statement is logged here, once, with the pool's name.
  const dropped = (error: unknown): never => {
    if (isDbUnavailable(error)) logConnectionError(logger, "turns", error, "database: a connection dropped or was refused during a statement");
    throw error;
  };
  const run = (client: pg.Pool | pg.PoolClient, text: string, params: readonly unknown[] = []): Promise<pg.QueryResult[]> =>
    (client.query(text, params as unknown[]) as Promise<Results>).then(all, dropped);
  return {
    query: async <T>(text: string, params: readonly unknown[] = []) => (await run(pool, text, params))[0]!.rows as T[],
    async transaction(work) {
      const client = await pool.connect().catch(dropped);
      let broken: unknown;
      // The pool stops listening to a client while it is checked out; a drop mid-transaction must not go unheard.
      const onError = (error: Error): void => {
        broken ??= error;
        logConnectionError(logger, "turns", error, "database: a connection dropped during a turn");
      };
      client.on("error", onError);
      let state = "idle" as "idle" | "open" | "committed";
      /** The transaction's first call: BEGIN with it in one round trip when `inline` (its literal form) is given. */
      const begin = async <T>(text: string, params: readonly unknown[], inline: string | null): Promise<T[]> => {
        state = "open";
        if (inline === null) {
          await run(client, "BEGIN");
          return (await run(client, text, params))[0]!.rows as T[];
        }
        const results = await run(client, `BEGIN; ${inline}`);
        return results[results.length - 1]!.rows as T[];
      };
      const query = (async <T>(text: string, params: readonly unknown[] = []) => {
        if (state === "committed") throw new Error("raw-sql: a statement after the transaction's closing statement");
        if (state === "open") return (await run(client, text, params))[0]!.rows as T[];
        return begin<T>(text, params, inlineParameters(text, params));
      }) as TransactionQuery;
      query.opening = async <T>(text: string, params: readonly unknown[] = []) => {
        const inline = state === "idle" ? inlineParameters(text, params) : null;
        if (inline === null) throw new Error("raw-sql: opening statements must come first, with parameters that can be inlined");
        return begin<T>(text, params, inline);
      };
      query.closing = async <T>(text: string, params: readonly unknown[] = []) => {
        const inline = state === "open" ? inlineParameters(text, params) : null;
        if (inline === null) return query<T>(text, params);
        const results = await run(client, `${inline}; COMMIT`);
        state = "committed";
        return results[0]!.rows as T[];
      };
      try {
        const result = await work(query);
        if (state === "open") await run(client, "COMMIT");
        return result;
      } catch (error) {
        if (state === "open") await client.query("ROLLBACK").catch((e: unknown) => (broken = e));
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
