// The plain SQL path's prepared statements on PostgreSQL (raw-sql.ts; skipped on PGlite, which has no
// such path): a connection runs a statement inline the first time and PREPAREs it after the transaction;
// later transactions EXECUTE it, with the same results for any value; one that cannot be prepared is
// logged once and keeps running inline; a rollback loses nothing of it.
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { postgresRawSql, statementNamer, type RawSql } from "../../src/store/raw-sql.ts";
import { createTestDatabase, onPostgres } from "../helpers/start-app.ts";

const name = statementNamer();
const WRITE = `INSERT INTO prep_t (id, v, n, b) VALUES ($1::int, $2::text, $3::bigint, $4::boolean) RETURNING v, n::text AS n, b`;
const READ = `SELECT v, n::text AS n, b FROM prep_t WHERE id = $1::int`;

describe.skipIf(!onPostgres())("prepared statements on the plain SQL path (PostgreSQL)", () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let sql: RawSql;
  const lines: string[] = [];
  const logger = pino({ level: "warn" }, { write: (line: string) => void lines.push(line) });
  // One connection: every transaction meets what the earlier ones prepared.
  const runs = async (text: string): Promise<{ from_sql: boolean; runs: number } | undefined> =>
    (
      await sql.query<{ from_sql: boolean; runs: number }>(
        `SELECT from_sql, (generic_plans + custom_plans)::int AS runs FROM pg_prepared_statements WHERE name = $1::text`,
        [`s${name(text)}`],
      )
    )[0];
  const turn = (id: number, v: string | null, n: bigint | null, b: boolean | null) =>
    sql.transaction(async (query) => {
      await query.opening!([
        [`SELECT pg_advisory_xact_lock($1::bigint)`, [String(id)]],
        [READ, [id]],
      ]);
      return query.closing!<{ v: string | null; n: string | null; b: boolean | null }>(WRITE, [id, v, n, b]);
    });

  beforeAll(async () => {
    db = await createTestDatabase();
    sql = postgresRawSql(db.url, logger, { max: 1 });
    await sql.query("CREATE TABLE prep_t (id int PRIMARY KEY, v text, n bigint, b boolean)");
  });
  afterAll(async () => {
    await sql?.close();
    await db?.drop();
  });

  it("runs a statement inline first, then EXECUTEs it, with every value read back exactly", async () => {
    const values = [`it's \\ "q" \\' $1 $2::int E'\\x' -- ; COMMIT; Tiếng Việt 🙂 \n`, "", null];
    const numbers = [9_223_372_036_854_775_807n, -1n, null];
    for (let i = 0; i < 6; i++) {
      const v = values[i % 3]!;
      const n = numbers[i % 3]!;
      const b = [true, false, null][i % 3]!;
      expect(await turn(i + 1, v, n, b)).toEqual([{ v, n: n === null ? null : String(n), b }]);
      expect(await sql.query(READ, [i + 1])).toEqual([{ v, n: n === null ? null : String(n), b }]);
    }
    // The first transaction ran them inline; the other five EXECUTEd what it prepared.
    expect(await runs(WRITE)).toEqual({ from_sql: true, runs: 5 });
    expect(await runs(READ)).toEqual({ from_sql: true, runs: 5 });
    // The plain query went as a named statement of the protocol, parsed once.
    const named = await sql.query<{ from_sql: boolean }>(`SELECT from_sql FROM pg_prepared_statements WHERE name = $1::text`, [`q${name(READ)}`]);
    expect(named).toEqual([{ from_sql: false }]);
    expect(lines).toEqual([]);
  });

  it("keeps what it prepared through a rolled back transaction", async () => {
    const before = (await runs(WRITE))!.runs;
    await expect(
      sql.transaction(async (query) => {
        await query.opening!([[READ, [1]]]);
        await query(WRITE, [1, "clash", null, null]); // the primary key is taken
      }),
    ).rejects.toThrow(/duplicate key/);
    expect(await turn(100, "after", 1n, true)).toEqual([{ v: "after", n: "1", b: true }]);
    expect((await runs(WRITE))!.runs).toBe(before + 1);
  });

  it("logs a statement that cannot be prepared once, by name only, and keeps running it inline", async () => {
    const untyped = `SELECT $1 IS NULL AS missing`; // PREPARE cannot tell $1's type; inline, 'x' IS NULL is fine
    for (let i = 0; i < 3; i++) expect(await sql.transaction(async (query) => query.closing!(untyped, [i === 1 ? null : "x"]))).toEqual([{ missing: i === 1 }]);
    const warned = lines.filter((l) => l.includes("could not be prepared"));
    expect(warned).toHaveLength(1);
    expect(JSON.parse(warned[0]!)).toMatchObject({ statement: name(untyped), code: "42P18" });
    expect(warned[0]).not.toContain("IS NULL");
    expect(await runs(untyped)).toBeUndefined();
  });

  it("closes the connection when a migration made a prepared statement stale, and the next transaction works", async () => {
    const ALL = `SELECT * FROM prep_u WHERE id = $1::int`;
    await sql.query("CREATE TABLE prep_u (id int PRIMARY KEY, v text)");
    await sql.query("INSERT INTO prep_u VALUES (1, 'a')");
    const read = () => sql.transaction(async (query) => query.opening!<Record<string, unknown>>([[ALL, [1]]]));
    expect(await read()).toEqual([{ id: 1, v: "a" }]); // inline; prepared after
    expect(await read()).toEqual([{ id: 1, v: "a" }]); // EXECUTE
    await sql.transaction(async (query) => query.closing!("ALTER TABLE prep_u ADD COLUMN w int", []));
    await expect(read()).rejects.toMatchObject({ code: "0A000" }); // cached plan must not change result type
    expect(await read()).toEqual([{ id: 1, v: "a", w: null }]); // a new connection: inline again
    expect(await read()).toEqual([{ id: 1, v: "a", w: null }]);
  });
});
