// The deployment-wide send budget (core/outbox/ports.ts SendBudget) as GCRA, the leaky bucket that
// books slots: each key holds the theoretical arrival time (`tat`, epoch ms) of its next send. A send
// at `now` goes after max(0, tat − (burst − 1)·interval − now) and moves tat to max(tat, now) + interval.
// On the database it is one upsert per booking, so every instance shares the budget and no two book
// the same slot (the row lock orders them). It runs on the plain pool beside Prisma (raw-sql.ts): it is
// on every send's path, so under load it rides along in an accept statement (inbox-store.ts) rather than
// costing a transaction of its own. Keys are stored hashed: they may hold chat ids.
import { createHash } from "node:crypto";
import type { BudgetRequest, RateLimit, SendBudget } from "../core/ports.ts";
import type { RawQuery } from "./raw-sql.ts";

const hashKey = (key: string): string => createHash("sha256").update(key).digest("base64url").slice(0, 32);
const intervalOf = (limit: RateLimit): number => 1000 / Math.max(limit.perSecond, 0.001);
const toleranceOf = (limit: RateLimit): number => (Math.max(1, Math.floor(limit.burst)) - 1) * intervalOf(limit);

// Each request: key, interval, count. A new key starts at now; an existing one at max(tat, now); either
// way it moves on by count·interval. RETURNING gives the end of each key's booked run. `rows` and `now`
// are the statement's parameter numbers: the same CTE rides along in an accept (inbox-store.ts).
export const reserveCte = (rows: string, now: string) => `
  booked AS (
    INSERT INTO "SendBudget" (key, tat)
    SELECT r.k, ${now}::float8 + r.n * r.i FROM jsonb_to_recordset(${rows}::jsonb) AS r(k text, i float8, n int)
    ON CONFLICT (key) DO UPDATE SET tat = GREATEST("SendBudget".tat, ${now}::float8) + (EXCLUDED.tat - ${now}::float8)
    RETURNING key, tat)`;
const RESERVE_SQL = `WITH ${reserveCte("$1", "$2")} SELECT key, tat FROM booked`;

/** One key's booking as the statement takes it: hashed key, interval (ms), count. Keys are unique in a statement. */
export type BookingRow = { k: string; i: number; n: number };
/** Books rows in one statement: the time it booked from (epoch ms) and each key's new tat. */
export type Book = (rows: BookingRow[]) => Promise<{ now: number; tats: ReadonlyArray<{ key: string; tat: number }> }>;

/** A booking statement of its own. */
export const bookAlone =
  (query: RawQuery): Book =>
  async (rows) => {
    const now = Date.now();
    return { now, tats: await query<{ key: string; tat: number }>(RESERVE_SQL, [JSON.stringify(rows), now]) };
  };

/** The wait before the first of `count` sends whose run ends at `end`. */
const firstWait = (end: number, r: BudgetRequest, now: number): number => {
  const interval = intervalOf(r.limit);
  const first = end - (r.count ?? 1) * interval;
  return Math.max(0, Math.ceil(first - toleranceOf(r.limit) - now));
};

/** `book`: how a booking reaches the database; by default a statement of its own. */
export function createDatabaseBudget(query: RawQuery, book: Book = bookAlone(query)): SendBudget {
  const reserveMany = async (requests: ReadonlyArray<BudgetRequest>): Promise<number[]> => {
    if (requests.length === 0) return [];
    const keys = requests.map((r) => hashKey(r.key));
    const { now, tats } = await book(requests.map((r, i) => ({ k: keys[i]!, i: intervalOf(r.limit), n: Math.max(1, r.count ?? 1) })));
    const ends = new Map(tats.map((row) => [row.key, Number(row.tat)]));
    return requests.map((r, i) => firstWait(ends.get(keys[i]!) ?? now + intervalOf(r.limit), r, now));
  };
  return {
    reserveMany,
    async prune(before) {
      await query(`DELETE FROM "SendBudget" WHERE tat < $1::float8`, [before.getTime()]);
    },
  };
}

/** The same rule in memory: one process only (the embedded database, unit tests, tools). */
export function createMemoryBudget(): SendBudget {
  const tats = new Map<string, number>();
  const reserveMany = async (requests: ReadonlyArray<BudgetRequest>): Promise<number[]> => {
    const now = Date.now();
    return requests.map((r) => {
      const end = Math.max(tats.get(r.key) ?? now, now) + Math.max(1, r.count ?? 1) * intervalOf(r.limit);
      tats.set(r.key, end);
      return firstWait(end, r, now);
    });
  };
  return {
    reserveMany,
    async prune(before) {
      for (const [key, tat] of tats) if (tat < before.getTime()) tats.delete(key);
    },
  };
}
