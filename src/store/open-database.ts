// Opens the database: embedded PGlite in DATA_DIR (or in memory) by default, PostgreSQL when a URL is given.
// Applies migrations, builds the Prisma client, and exposes what pg-boss and the lock service need.
import fs from "node:fs";
import { createHash } from "node:crypto";
import path from "node:path";
import pg from "pg";
import { PGlite } from "@electric-sql/pglite";
import { PrismaPGlite } from "pglite-prisma-adapter";
import { PrismaPg } from "@prisma/adapter-pg";
import type { SqlDriverAdapterFactory } from "@prisma/driver-adapter-utils";
import { PrismaClient } from "./generated/client.ts";
import { applyMigrations, type SqlRunner } from "./migrate.ts";
import type { HeldLock, LockService } from "../core/ports.ts";

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
  | { kind: "postgres"; url: string };

export interface Database {
  kind: DatabaseTarget["kind"];
  prisma: PrismaClient;
  /** Set for the embedded database: pg-boss runs on it through its PGlite adapter. */
  pglite?: PGlite;
  /** Set for PostgreSQL: pg-boss opens its own pool with it. */
  url?: string;
  locks: LockService;
  migrated: string[];
  close(): Promise<void>;
}

export async function openDatabase(target: DatabaseTarget): Promise<Database> {
  return target.kind === "pglite" ? openPglite(target.dataDir, target.template) : openPostgres(target.url);
}

async function openPglite(dataDir: string | undefined, template: Blob | undefined): Promise<Database> {
  let dir: string | undefined;
  if (dataDir) {
    dir = path.resolve(dataDir, "pglite");
    fs.mkdirSync(dir, { recursive: true });
  }
  const fresh = !dir || !fs.existsSync(path.join(dir, "PG_VERSION"));
  const pglite = await PGlite.create(dir ?? "memory://", template && fresh ? { loadDataDir: template } : {});
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
    migrated,
    close: async () => {
      await prisma.$disconnect();
      await pglite.close();
    },
  };
}

async function openPostgres(url: string): Promise<Database> {
  const client = new pg.Client({ connectionString: url });
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
  const prisma = new PrismaClient({ adapter: new PrismaPg({ connectionString: url, max: 10 }) });
  const locks = advisoryLocks(url);
  return {
    kind: "postgres",
    prisma,
    url,
    locks,
    migrated,
    close: async () => {
      await prisma.$disconnect();
      await locks.close();
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
      return { release: async () => void (held.delete(name), release()) };
    },
    // One process owns the embedded database and the engine already serialises per person.
    withLock: (_name, work) => work(),
  };
}

/** Session-level advisory locks on a dedicated connection; waits by polling so it can be aborted. */
function advisoryLocks(url: string): LockService & { close(): Promise<void> } {
  // Short per-turn locks come from a small pool of their own, so they never starve Prisma's.
  const turnLocks = new pg.Pool({ connectionString: url, max: 8 });
  // An idle client the server drops (restart, failover, DROP DATABASE … FORCE) emits 'error' on the pool;
  // unhandled, that would end the process. The pool discards that client and connects anew next time.
  turnLocks.on("error", () => undefined);
  return {
    async acquire(name, signal): Promise<HeldLock> {
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      try {
        for (;;) {
          signal?.throwIfAborted();
          const { rows } = await client.query<{ ok: boolean }>("SELECT pg_try_advisory_lock(hashtext($1)) AS ok", [name]);
          if (rows[0]?.ok) break;
          await new Promise((r) => setTimeout(r, 2000));
        }
      } catch (error) {
        await client.end();
        throw error;
      }
      return { release: async () => void (await client.end()) };
    },
    async withLock(name, work) {
      const client = await turnLocks.connect();
      const key = advisoryKey(name);
      try {
        await client.query("SELECT pg_advisory_lock($1::bigint)", [key]);
        try {
          return await work();
        } finally {
          await client.query("SELECT pg_advisory_unlock($1::bigint)", [key]);
        }
      } finally {
        client.release();
      }
    },
    close: () => turnLocks.end(),
  };
}

/** A 64-bit advisory-lock key from a name, so the name itself (it may hold a chat id) never leaves. */
function advisoryKey(name: string): string {
  return createHash("sha256").update(name).digest().readBigInt64BE(0).toString();
}
