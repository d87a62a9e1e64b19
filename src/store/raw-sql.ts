// Plain SQL beside Prisma for the message hot path (accept and the common turn), because Prisma 6.19
// costs about as much CPU per call for raw SQL as for a model query (its runtime and Wasm query compiler
// run either way; bench/RESULTS.md). PostgreSQL: a small pg pool of its own; PGlite: the same instance
// Prisma uses (one query at a time, so nothing else may be awaited inside a transaction here).
// Statements are written once with $n parameters and also run through Prisma ($queryRawUnsafe) when a
// turn needs Prisma's transaction; they cast what they return to text so both paths read the same rows.
import { createHash } from "node:crypto";
import pg from "pg";
import type { PGlite, Transaction } from "@electric-sql/pglite";
import type { Logger } from "../shared/logging/logger.ts";
import type { PrismaClient } from "./generated/client.ts";
import { connectionConfig, logConnectionError, watchPool } from "./pg-connections.ts";
import { dbErrorFields, isDbUnavailable } from "../shared/errors/db-error.ts";

/** Runs one statement; rows as plain objects. */
export type RawQuery = <T>(text: string, params?: readonly unknown[]) => Promise<T[]>;

/** One statement and its parameters. */
export type Statement = readonly [text: string, params?: readonly unknown[]];

/**
 * A transaction's query function. On node-postgres it also has `opening` and `closing`, which save round
 * trips with the simple protocol (several statements in one query); elsewhere (PGlite, Prisma) they are
 * absent and the caller runs its statements one by one.
 */
export interface TransactionQuery extends RawQuery {
  /** The transaction's first call: BEGIN and these statements in one round trip; the last one's rows. */
  opening?: <T>(statements: readonly Statement[]) => Promise<T[]>;
  /** The transaction's last call: the statement and COMMIT in one round trip; its rows. */
  closing?: RawQuery;
}

export interface RawSql {
  query: RawQuery;
  /** BEGIN … COMMIT on one connection (ROLLBACK when `work` throws); on node-postgres BEGIN goes out with the first statement. */
  transaction<T>(work: (query: TransactionQuery) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/**
 * Each parameter as an SQL literal (node-postgres's escaping, standard_conforming_strings), or null when
 * one cannot be written inline (a NUL byte would end the simple protocol's query string; other types are
 * not ours to guess). `quoted`: every value as a quoted literal, read by its parameter's type as the
 * extended protocol reads a text parameter (EXECUTE's arguments); else numbers and booleans bare.
 */
function literalsOf(params: readonly unknown[], quoted: boolean): string[] | null {
  const literals: string[] = [];
  for (const value of params) {
    if (value === null || value === undefined) literals.push("NULL");
    else if (typeof value === "boolean" || (typeof value === "number" && Number.isFinite(value)) || typeof value === "bigint")
      literals.push(quoted ? `'${String(value)}'` : String(value));
    else if (typeof value === "string" && !value.includes("\0"))
      // Most values (sealed bodies, ids, timestamps) hold neither quote nor backslash: quoted as they are.
      literals.push(/['\\]/.test(value) ? pg.escapeLiteral(value) : `'${value}'`);
    else return null;
  }
  return literals;
}

/**
 * `text` with its $n parameters as SQL literals, or null when one cannot be written inline. Every
 * statement here casts its parameters, so a literal is read as the parameter was.
 */
export function inlineParameters(text: string, params: readonly unknown[]): string | null {
  const literals = literalsOf(params, false);
  return literals && text.replace(/\$(\d+)\b/g, (whole, n: string) => literals[Number(n) - 1] ?? whole);
}

/**
 * Prepared statements (PostgreSQL parses, analyses and plans a statement once per connection, and after a
 * few runs keeps a generic plan: half of its CPU per message went there, bench/RESULTS.md). A statement
 * text gets a name, a hash of it, the first time it is seen; only the first MAX_NAMED texts, so a text
 * built with values in it can never fill the server's memory (those run unnamed). Statements with
 * parameters go as node-postgres named statements; the simple-protocol openings and closings EXECUTE
 * what an earlier transaction on the same connection PREPAREd (a prepared statement outlives a
 * rollback, and belongs to its connection).
 */
const MAX_NAMED = 200;

/** Names statement texts (a hash of each), the first `max` distinct texts only; undefined for the rest. */
export function statementNamer(max = MAX_NAMED): (text: string) => string | undefined {
  const names = new Map<string, string>();
  return (text) => {
    let name = names.get(text);
    if (name === undefined && names.size < max) {
      name = createHash("sha1").update(text).digest("hex").slice(0, 24);
      names.set(text, name);
    }
    return name;
  };
}

/** `EXECUTE` of a statement PREPAREd as `s<name>`, its parameters as literals; null when they cannot be. */
export function executeStatement(name: string, params: readonly unknown[]): string | null {
  const literals = literalsOf(params, true);
  return literals && (literals.length === 0 ? `EXECUTE s${name}` : `EXECUTE s${name}(${literals.join(", ")})`);
}

/** SQLSTATEs of a prepared statement that no longer fits (cached plan must not change result type) or no longer exists. */
const STALE_PREPARED = new Set(["0A000", "26000"]);

type Results = pg.QueryResult | pg.QueryResult[];
const all = (result: Results): pg.QueryResult[] => (Array.isArray(result) ? result : [result]);

export interface PostgresRawSqlOptions {
  /** Connections in the pool (10). */
  max?: number;
  /**
   * Prepare statements (true). False behind a transaction-mode pooler, where a prepared statement may
   * not be there in the next transaction: every statement then runs unnamed, or inline in the simple
   * protocol's openings and closings.
   */
  prepare?: boolean;
}

export function postgresRawSql(url: string, logger: Logger, { max = 10, prepare = true }: PostgresRawSqlOptions = {}): RawSql {
  const pool = watchPool(new pg.Pool({ ...connectionConfig(url, "turns"), max }), "turns", logger);
  const statementName = prepare ? statementNamer() : () => undefined;
  // Per connection: the names PREPAREd on it (true), or that failed to prepare there (false: not tried again).
  const prepared = new WeakMap<pg.PoolClient, Map<string, boolean>>();
  const preparedOn = (client: pg.PoolClient): Map<string, boolean> => {
    let map = prepared.get(client);
    if (!map) prepared.set(client, (map = new Map()));
    return map;
  };
  // node-postgres rejects the running query when its connection dies and emits 'error' only when none
  // is running: a drop or a refusal met by a statement is logged here, once, with the pool's name.
  const dropped = (error: unknown): never => {
    if (isDbUnavailable(error)) logConnectionError(logger, "turns", error, "database: a connection dropped or was refused during a statement");
    throw error;
  };
  const run = (client: pg.Pool | pg.PoolClient, text: string, params: readonly unknown[] = []): Promise<pg.QueryResult[]> => {
    const name = params.length > 0 ? statementName(text) : undefined;
    const config: pg.QueryConfig = name ? { name: `q${name}`, text, values: params as unknown[] } : { text, values: params as unknown[] };
    return (client.query(config) as Promise<Results>).then(all, dropped);
  };
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
      const onClient = preparedOn(client);
      // Simple-protocol statements not yet prepared on this connection: they go inline this time and are
      // PREPAREd after the transaction, outside it, so a failure there cannot touch a turn.
      const toPrepare = new Map<string, string>();
      /** The statement as the simple protocol runs it: EXECUTE when prepared here, else inline; null: neither. */
      const simple = (text: string, params: readonly unknown[]): string | null => {
        const name = params.length > 0 ? statementName(text) : undefined;
        if (name && onClient.get(name) === true) return executeStatement(name, params);
        if (name && !onClient.has(name)) toPrepare.set(name, text);
        return inlineParameters(text, params);
      };
      let state = "idle" as "idle" | "open" | "committed";
      const query = (async <T>(text: string, params: readonly unknown[] = []) => {
        if (state === "committed") throw new Error("raw-sql: a statement after the transaction's closing statement");
        if (state === "open") return (await run(client, text, params))[0]!.rows as T[];
        state = "open";
        const part = simple(text, params);
        if (part === null) {
          await run(client, "BEGIN");
          return (await run(client, text, params))[0]!.rows as T[];
        }
        const results = await run(client, `BEGIN; ${part}`);
        return results[results.length - 1]!.rows as T[];
      }) as TransactionQuery;
      query.opening = async <T>(statements: readonly Statement[]) => {
        const parts = state === "idle" ? statements.map(([text, params = []]) => simple(text, params)) : [null];
        if (parts.includes(null)) throw new Error("raw-sql: opening statements must come first, with parameters that can be inlined");
        state = "open";
        const results = await run(client, `BEGIN; ${parts.join("; ")}`);
        return results[results.length - 1]!.rows as T[];
      };
      query.closing = async <T>(text: string, params: readonly unknown[] = []) => {
        const part = state === "open" ? simple(text, params) : null;
        if (part === null) return query<T>(text, params);
        const results = await run(client, `${part}; COMMIT`);
        state = "committed";
        return results[0]!.rows as T[];
      };
      try {
        const result = await work(query);
        if (state === "open") await run(client, "COMMIT");
        return result;
      } catch (error) {
        if (state === "open") await client.query("ROLLBACK").catch((e: unknown) => (broken = e));
        // A prepared statement gone stale (a migration changed what it returns) or gone (a pooler reset
        // the session): this connection's prepared statements are not to be trusted, so it is closed and
        // the turn, run again, meets a fresh one. (node-postgres's pool.query closes a connection on any error.)
        if (STALE_PREPARED.has((error as { code?: unknown } | null)?.code as string)) broken ??= error;
        throw error;
      } finally {
        for (const [name, text] of broken === undefined ? toPrepare : []) {
          const ok = await client.query(`PREPARE s${name} AS ${text}`).then(
            () => true,
            (error: unknown) => {
              if (isDbUnavailable(error)) broken ??= error;
              else
                logger.warn(
                  { pool: "turns", statement: name, ...dbErrorFields(error) },
                  "database: a statement could not be prepared; it runs unprepared on this connection",
                );
              return false;
            },
          );
          if (broken !== undefined) break;
          onClient.set(name, ok);
        }
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
