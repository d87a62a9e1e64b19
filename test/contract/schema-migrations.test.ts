// Fails when prisma/schema.prisma and prisma/migrations disagree: the database the migrations build
// must equal the one Prisma would build from the schema (tables, columns, indexes, constraints, enums).
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { describe, expect, it } from "vitest";
import { applyMigrations } from "../../src/store/migrate.ts";
import { pgliteTemplate } from "../helpers/pglite-template.ts";
import { cachedFile, cacheKey, installedVersion } from "../helpers/test-cache.ts";

const SCHEMA = "prisma/schema.prisma";

const CATALOG = `
SELECT 'col ' || table_name || '.' || column_name || ' ' || udt_name || ' ' || is_nullable || ' ' || coalesce(column_default, '') AS item
  FROM information_schema.columns WHERE table_schema = 'public' AND table_name <> '_prisma_migrations'
UNION ALL SELECT 'idx ' || indexdef FROM pg_indexes WHERE schemaname = 'public' AND tablename <> '_prisma_migrations'
UNION ALL SELECT 'con ' || conrelid::regclass || ' ' || conname || ' ' || pg_get_constraintdef(oid) FROM pg_constraint
  WHERE connamespace = 'public'::regnamespace AND conrelid::regclass::text NOT IN ('_prisma_migrations', '"_prisma_migrations"')
UNION ALL SELECT 'enum ' || t.typname || ' ' || e.enumlabel FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid
  WHERE t.typnamespace = 'public'::regnamespace
ORDER BY 1`;

async function catalog(db: PGlite): Promise<string[]> {
  return (await db.query<{ item: string }>(CATALOG)).rows.map((r) => r.item);
}

/**
 * The SQL Prisma derives from the schema. The CLI takes seconds (it also opens a throwaway database), so its
 * answer is cached under the schema's text and the Prisma version: the same inputs give the same SQL.
 */
async function sqlFromSchema(): Promise<string> {
  const key = cacheKey([fs.readFileSync(SCHEMA, "utf8"), `prisma@${installedVersion("prisma")}`]);
  const file = await cachedFile(`schema-sql-${key}.sql`, async () => {
    // The CLI opens its adapter even for a diff: give it a throwaway embedded database of its own.
    const cliDataDir = fs.mkdtempSync(path.join(os.tmpdir(), "kna-schema-check-"));
    try {
      return execFileSync("npx", ["prisma", "migrate", "diff", "--from-empty", "--to-schema-datamodel", SCHEMA, "--script"], {
        encoding: "utf8",
        env: { ...process.env, DATA_DIR: cliDataDir, DATABASE_URL: "" },
        stdio: ["ignore", "pipe", "ignore"],
      });
    } finally {
      fs.rmSync(cliDataDir, { recursive: true, force: true });
    }
  });
  return fs.readFileSync(file, "utf8");
}

/** An empty database: the test template's cluster with its schemas dropped (much cheaper than initdb). */
async function emptyDatabase(): Promise<PGlite> {
  const db = await PGlite.create({ loadDataDir: await pgliteTemplate() });
  await db.exec("DROP SCHEMA pgboss CASCADE; DROP SCHEMA public CASCADE; CREATE SCHEMA public;");
  return db;
}

describe("schema and migrations", () => {
  // Generous: without a cached answer, the Prisma CLI alone takes minutes on a busy machine.
  it("build the same database", { timeout: 300_000 }, async () => {
    const a = await emptyDatabase();
    await a.exec(await sqlFromSchema());
    const b = await emptyDatabase();
    await applyMigrations({ exec: async (sql) => void (await b.exec(sql)), query: async <T>(sql: string, p?: unknown[]) => (await b.query<T>(sql, p)).rows });
    expect(await catalog(b)).toEqual(await catalog(a));
    expect((await catalog(a)).length).toBeGreaterThan(50); // both sides really hold the schema
    await a.close();
    await b.close();
  });
});
