// Driver adapter for the Prisma CLI only (prisma.config.ts). The app connects in src/store/open-database.ts.
import fs from "node:fs";
import path from "node:path";
import pg from "pg";
import { PrismaPg } from "@prisma/adapter-pg";
import type { SqlMigrationAwareDriverAdapterFactory } from "@prisma/driver-adapter-utils";
import { PGlite } from "@electric-sql/pglite";
import { PrismaPGlite } from "pglite-prisma-adapter";

/**
 * The CLI cannot deserialize PostgreSQL's `name` type (prisma/orm#27403): report `name` (19) as
 * `text` (25) and `name[]` (1003) as `text[]` (1009). The app's own queries never need this.
 */
function patchFields(result: unknown): unknown {
  const results = Array.isArray(result) ? result : [result];
  for (const r of results as Array<{ fields?: Array<{ dataTypeID: number }> }>) {
    for (const f of r?.fields ?? []) {
      if (f.dataTypeID === 19) f.dataTypeID = 25;
      else if (f.dataTypeID === 1003) f.dataTypeID = 1009;
    }
  }
  return result;
}

class NameAsTextClient extends pg.Client {
  // pg's query has many overloads; this forwards all of them and patches the result.
  override query(...args: unknown[]): never {
    const last = args[args.length - 1];
    if (typeof last === "function") {
      const cb = last as (err: Error | null, res: unknown) => void;
      args[args.length - 1] = (err: Error | null, res: unknown) => cb(err, err ? res : patchFields(res));
      return (super.query as (...a: unknown[]) => never)(...args);
    }
    const out = (super.query as (...a: unknown[]) => unknown)(...args);
    if (out && typeof (out as Promise<unknown>).then === "function") {
      return (out as Promise<unknown>).then(patchFields) as never;
    }
    return out as never;
  }
}

export function createCliAdapter(env: NodeJS.ProcessEnv): Promise<SqlMigrationAwareDriverAdapterFactory> {
  // The Prisma CLI migrates: behind a pooler, through the direct connection.
  const url = env.DATABASE_DIRECT_URL || env.DATABASE_URL;
  if (url) {
    const u = new URL(url);
    return Promise.resolve(
      new PrismaPg({
        host: u.hostname,
        port: Number(u.port || 5432),
        user: decodeURIComponent(u.username),
        password: decodeURIComponent(u.password),
        database: u.pathname.slice(1),
        Client: NameAsTextClient,
      } as pg.PoolConfig),
    );
  }
  // Opened only when a command connects: commands that never do (`prisma -v`, run by @prisma/client's
  // postinstall on every `npm ci`) must not open the data directory, where a running app or an
  // unfinished PGlite holds it and the CLI would then never exit.
  const dir = path.resolve(env.DATA_DIR ?? "./data", "pglite");
  let factory: SqlMigrationAwareDriverAdapterFactory | undefined;
  const open = (): SqlMigrationAwareDriverAdapterFactory => {
    fs.mkdirSync(dir, { recursive: true });
    return (factory ??= new PrismaPGlite(new PGlite(dir)) as unknown as SqlMigrationAwareDriverAdapterFactory);
  };
  return Promise.resolve({
    provider: "postgres",
    adapterName: "pglite-prisma-adapter",
    connect: () => open().connect(),
    connectToShadowDb: () => open().connectToShadowDb(),
  } as SqlMigrationAwareDriverAdapterFactory);
}
