// Preloaded into the product's child by bench/throughput.ts when BENCH_SQL_COUNT_FILE is set (PostgreSQL):
// counts every statement node-postgres sends, by connection role (application_name) and first keyword,
// and writes the totals to that file every second. Bench-only; the app never loads it.
import fs from "node:fs";
import pg from "pg";

const file = process.env.BENCH_SQL_COUNT_FILE;
if (file) {
  const counts: Record<string, number> = {};
  const original = pg.Client.prototype.query;
  pg.Client.prototype.query = function (this: pg.Client & { connectionParameters?: { application_name?: string } }, ...args: unknown[]) {
    const first = args[0];
    const text = typeof first === "string" ? first : ((first as { text?: string } | undefined)?.text ?? "");
    const role = this.connectionParameters?.application_name || "pg-boss";
    const verb = /^\s*(?:WITH\b[\s\S]*?\)\s*)?(\w+)/i.exec(text)?.[1]?.toUpperCase() ?? "?";
    const key = `${role} ${/^(BEGIN|COMMIT|ROLLBACK)$/.test(verb) ? verb : /^\s*WITH\b/i.test(text) ? "WITH" : verb}`;
    counts[key] = (counts[key] ?? 0) + 1;
    return (original as (...a: unknown[]) => unknown).apply(this, args);
  } as typeof original;
  // Written aside, then renamed: the reader never sees a half-written file.
  setInterval(() => {
    fs.writeFileSync(`${file}.tmp`, JSON.stringify(counts));
    fs.renameSync(`${file}.tmp`, file);
  }, 1000).unref();
}
