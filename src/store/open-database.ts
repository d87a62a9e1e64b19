// Opens the database: embedded PGlite in DATA_DIR (or in memory) by default, PostgreSQL when a URL is given.
// Applies migrations, builds the Prisma client, and exposes what pg-boss and the lock service need.
import fs from "node:fs";
import path from "node:path";
import pg from "pg";
import { PGlite } from "@electric-sql/pglite";
import { PrismaPGlite } from "pglite-prisma-adapter";
import { PrismaPg } from "@prisma/adapter-pg";
import type { SqlDriverAdapterFactory } from "@prisma/driver-adapter-utils";
import { PrismaClient } from "./generated/client.ts";
import { applyMigrations, type SqlRunner } from "./migrate.ts";
import type { LockService } from "../core/ports.ts";
import { silentLogger, type Logger } from "../shared/logging/logger.ts";
import { advisoryLocks } from "./advisory-locks.ts";
import { connectionConfig, logConnectionError } from "./pg-connections.ts";
import { pgliteReadiness, postgresReadiness } from "./readiness.ts";
import { pgliteRawSql, postgresRawSql, type RawSql } from "./raw-sql.ts";

export type DatabaseTarget =
  | {
      kind: "pglite";
      dataDir?: string;
      /**
       * Tests only: a PGlite data directory tarball (`dumpDataDir()`) a NEW database starts from instead of
       * running initdb. Ignored when `dataDir` already holds a database. Migrations are still checked and
       * applied on top, so an older template costs time, never correctness; an edited migration fails loudly.
       */
      template?: Blob;
    }
  | {
      kind: "postgres";
      url: string;
      /**
       * Set when `url` goes through a transaction-mode pooler (PgBouncer): a direct connection for what
       * needs a session of its own (migrations, locks held across statements, pg-boss); no statement is
       * prepared on `url` then, since consecutive transactions may meet different server sessions.
       */
      directUrl?: string;
    };

export interface Database {
  kind: DatabaseTarget["kind"];
  prisma: PrismaClient;
  /** Set for the embedded database: pg-boss runs on it through its PGlite adapter. */
  pglite?: PGlite;
  /** Set for PostgreSQL: pg-boss opens its own pool with it (the direct connection when behind a pooler). */
  url?: string;
  locks: LockService;
  /** Plain SQL beside Prisma for the message hot path (raw-sql.ts). */
  sql: RawSql;
  migrated: string[];
  /** True when the database answers a SELECT 1 within a short timeout (readiness); never rejects. */
  ping(): Promise<boolean>;
  close(): Promise<void>;
}

export interface OpenOptions {
  /** Dropped connections and lock losses are logged here (PostgreSQL). */
  logger?: Logger;
}

/** The PostgreSQL database the environment names (DATABASE_URL, and DATABASE_DIRECT_URL beside a pooler); undefined: the embedded one. */
export function postgresTargetOf(env: { DATABASE_URL?: string | undefined; DATABASE_DIRECT_URL?: string | undefined }): DatabaseTarget | undefined {
  return env.DATABASE_URL ? { kind: "postgres", url: env.DATABASE_URL, directUrl: env.DATABASE_DIRECT_URL } : undefined;
}

export async function openDatabase(target: DatabaseTarget, options: OpenOptions = {}): Promise<Database> {
  return target.kind === "pglite" ? openPglite(target.dataDir, target.template) : openPostgres(target.url, target.directUrl, options.logger ?? silentLogger());
}

/** PGlite's shared buffers (PostgreSQL's default is 128MB). */
const PGLITE_SHARED_BUFFERS = "16MB";

async function openPglite(dataDir: string | undefined, template: Blob | undefined): Promise<Database> {
  let dir: string | undefined;
  if (dataDir) {
    dir = path.resolve(dataDir, "pglite");
    fs.mkdirSync(dir, { recursive: true });
  }
  const fresh = !dir || !fs.existsSync(path.join(dir, "PG_VERSION"));
  const pglite = await PGlite.create(dir ?? "memory://", {
    ...(template && fresh ? { loadDataDir: template } : {}),
    // PostgreSQL's default 128 MB of shared buffers lives in PGlite's Wasm memory, which never shrinks;
    // the app's working set is far smaller (bench/RESULTS.md, 2026-12-01: peak RSS under load).
    startParams: [...PGlite.defaultStartParams, "-c", `shared_buffers=${PGLITE_SHARED_BUFFERS}`],
  });
  const runner: SqlRunner = {
    exec: async (sql) => void (await pglite.exec(sql)),
    query: async <T>(sql: string, params?: unknown[]) => (await pglite.query<T>(sql, params)).rows,
  };
  const migrated = await applyMigrations(runner);
  // The adapter is typed against an older @prisma/driver-adapter-utils; the runtime contract is the same.
  const prisma = new PrismaClient({ adapter: new PrismaPGlite(pglite) as unknown as SqlDriverAdapterFactory });
  return {
    kind: "pglite",
    prisma,
    pglite,
    locks: localLocks(),
    sql: pgliteRawSql(pglite),
    migrated,
    ping: pgliteReadiness(pglite).ping,
    close: async () => {
      await prisma.$disconnect();
      await pglite.close();
    },
  };
}

async function openPostgres(url: string, directUrl: string | undefined, logger: Logger): Promise<Database> {
  // Behind a transaction-mode pooler each transaction may meet another server session: what holds a
  // session (the migration lock, the polling and turn locks, pg-boss's listener) goes direct.
  const session = directUrl ?? url;
  const client = new pg.Client(connectionConfig(session, "migrations"));
  // A drop between statements emits 'error'; the next statement then fails and start-up reports it.
  client.on("error", (error) => logConnectionError(logger, "migrations", error, "database: the migration connection dropped"));
  await client.connect();
  let migrated: string[];
  try {
    // Prisma's own migration lock id, so our start and `prisma migrate deploy` never run at once.
    await client.query("SELECT pg_advisory_lock(72707369)");
    migrated = await applyMigrations({
      exec: async (sql) => void (await client.query(sql)),
      query: async <T>(sql: string, params?: unknown[]) => (await client.query(sql, params)).rows as T[],
    });
  } finally {
    await client.end();
  }
  // The adapter's pool listens for errors itself and hands them to these callbacks (idle connections and
  // those held by a transaction); the pool discards a dropped connection and connects anew when needed.
  const prisma = new PrismaClient({
    adapter: new PrismaPg(
      { ...connectionConfig(url, "prisma"), max: 10 },
      {
        onPoolError: (error) => logConnectionError(logger, "prisma", error, "database: an idle connection was dropped; the pool reconnects when needed"),
        onConnectionError: (error) => logConnectionError(logger, "prisma", error, "database: a connection dropped during a transaction"),
      },
    ),
  });
  const locks = advisoryLocks(session, logger);
  const readiness = postgresReadiness(url, logger);
  const sql = postgresRawSql(url, logger, { prepare: directUrl === undefined });
  return {
    kind: "postgres",
    prisma,
    url: session,
    locks,
    sql,
    migrated,
    ping: readiness.ping,
    close: async () => {
      await prisma.$disconnect();
      await sql.close();
      await locks.close();
      await readiness.close();
    },
  };
}

/** One process owns an embedded database, so an in-process lock is the whole story. */
function localLocks(): LockService {
  const held = new Map<string, Promise<void>>();
  return {
    async acquire(name, signal) {
      while (held.has(name)) {
        signal?.throwIfAborted();
        await held.get(name);
      }
      let release!: () => void;
      held.set(name, new Promise<void>((resolve) => (release = resolve)));
      // In-process: nothing can take it away, so `lost` never aborts.
      return { lost: new AbortController().signal, release: async () => void (held.delete(name), release()) };
    },
    // One process owns the embedded database and the engine already serialises per person.
    withLock: (_name, work) => work(),
  };
}
