// Fails when prisma/schema.prisma and prisma/migrations disagree: the database the migrations build
// must equal the one Prisma would build from the schema (tables, columns, indexes, constraints, enums).
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { describe, expect, it } from "vitest";
import { applyMigrations } from "../../src/store/migrate.ts";

const CATALOG = `
SELECT 'col ' || table_name || '.' || column_name || ' ' || udt_name || ' ' || is_nullable || ' ' || coalesce(column_default, '') AS item
  FROM information_schema.columns WHERE table_schema = 'public' AND table_name <> '_prisma_migrations'
UNION ALL SELECT 'idx ' || indexdef FROM pg_indexes WHERE schemaname = 'public' AND tablename <> '_prisma_migrations'
UNION ALL SELECT 'con ' || conrelid::regclass || ' ' || conname || ' ' || pg_get_constraintdef(oid) FROM pg_constraint
  WHERE connamespace = 'public'::regnamespace AND conrelid::regclass::text NOT IN ('_prisma_migrations', '"_prisma_migrations"')
UNION ALL SELECT 'enum ' || t.typname || ' ' || e.enumlabel FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid
ORDER BY 1`;

async function catalog(db: PGlite): Promise<string[]> {
  return (await db.query<{ item: string }>(CATALOG)).rows.map((r) => r.item);
}

describe("schema and migrations", () => {
  it("build the same database", async () => {
    // The CLI opens its adapter even for a diff: give it a throwaway embedded database of its own.
    const cliDataDir = fs.mkdtempSync(path.join(os.tmpdir(), "kna-schema-check-"));
    const fromSchema = execFileSync("npx", ["prisma", "migrate", "diff", "--from-empty", "--to-schema-datamodel", "prisma/schema.prisma", "--script"], {
      encoding: "utf8",
      env: { ...process.env, DATA_DIR: cliDataDir, DATABASE_URL: "" },
      stdio: ["ignore", "pipe", "ignore"],
      timeout: 90_000,
    });
    fs.rmSync(cliDataDir, { recursive: true, force: true });
    const a = await PGlite.create();
    await a.exec(fromSchema);
    const b = await PGlite.create();
    await applyMigrations({ exec: async (sql) => void (await b.exec(sql)), query: async <T>(sql: string, p?: unknown[]) => (await b.query<T>(sql, p)).rows });
    expect(await catalog(b)).toEqual(await catalog(a));
    await a.close();
    await b.close();
  }, 120_000);
});
