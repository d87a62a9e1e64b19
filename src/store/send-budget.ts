// The deployment-wide send budget (core/outbox/ports.ts SendBudget) as GCRA, the leaky bucket that
// books slots: each key holds the theoretical arrival time (`tat`, epoch ms) of its next send. A send
// at `now` goes after max(0, tat − (burst − 1)·interval − now) and moves tat to max(tat, now) + interval.
// On the database it is one upsert per booking, so every instance shares the budget and no two book
// the same slot (the row lock orders them). It runs on the plain pool beside Prisma (raw-sql.ts): it is
// on every send's path. Keys are stored hashed: they may hold chat ids.
import { createHash } from "node:crypto";
import type { RateLimit, SendBudget } from "../core/ports.ts";
import type { RawQuery } from "./raw-sql.ts";

const hashKey = (key: string): string => createHash("sha256").update(key).digest("base64url").slice(0, 32);
const intervalOf = (limit: RateLimit): number => 1000 / Math.max(limit.perSecond, 0.001);
const toleranceOf = (limit: RateLimit): number => (Math.max(1, Math.floor(limit.burst)) - 1) * intervalOf(limit);

const RESERVE_SQL = `
  INSERT INTO "SendBudget" (key, tat) VALUES ($1::text, $2::float8 + $3::float8)
  ON CONFLICT (key) DO UPDATE SET tat = GREATEST("SendBudget".tat, $2::float8) + $3::float8
  RETURNING tat`;

export function createDatabaseBudget(query: RawQuery): SendBudget {
  return {
    async reserve(key, limit) {
      const now = Date.now();
      const interval = intervalOf(limit);
      const rows = await query<{ tat: number }>(RESERVE_SQL, [hashKey(key), now, interval]);
      const booked = Number(rows[0]?.tat ?? now + interval) - interval;
      return Math.max(0, Math.ceil(booked - toleranceOf(limit) - now));
    },
    async prune(before) {
      await query(`DELETE FROM "SendBudget" WHERE tat < $1::float8`, [before.getTime()]);
    },
  };
}

/** The same rule in memory: one process only (unit tests, tools). */
export function createMemoryBudget(): SendBudget {
  const tats = new Map<string, number>();
  return {
    async reserve(key, limit) {
      const now = Date.now();
      const interval = intervalOf(limit);
      const booked = Math.max(tats.get(key) ?? now, now);
      tats.set(key, booked + interval);
      return Math.max(0, Math.ceil(booked - toleranceOf(limit) - now));
    },
    async prune(before) {
      for (const [key, tat] of tats) if (tat < before.getTime()) tats.delete(key);
    },
  };
}
