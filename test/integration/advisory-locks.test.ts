// PostgreSQL advisory locks when their connection drops (skipped on PGlite, whose locks are in-process).
// An unheard 'error' event would end this test process, so each case surviving is itself the check.
import pg from "pg";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LockService } from "../../src/core/ports.ts";
import { advisoryLocks } from "../../src/store/advisory-locks.ts";
import { AppError } from "../../src/shared/errors/app-error.ts";
import { silentLogger } from "../../src/shared/logging/logger.ts";
import { until } from "../helpers/child-app.ts";
import { createTestDatabase, onPostgres } from "../helpers/start-app.ts";

const TIMING = { retryMs: 50, maxBackoffMs: 200, heartbeatMs: 200, answerTimeoutMs: 1_000 };

describe.skipIf(!onPostgres())("advisory locks on PostgreSQL when the connection drops", () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let admin: pg.Client;
  let locks: LockService & { close(): Promise<void> };
  let name = "";
  const lines: string[] = [];
  const logger = pino({ level: "warn" }, { write: (line: string) => void lines.push(line) });
  /** Waits until the lock's connection has seen its drop (logged by its 'error' listener). */
  const dropSeen = (before: number) =>
    until(() => lines.slice(before).some((l) => l.includes("a turn lock's connection dropped")), "the drop to reach the turn lock's connection", 10_000, 10);

  const terminate = async (applicationName: string): Promise<number> => {
    const { rowCount } = await admin.query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND application_name = $2", [
      name,
      applicationName,
    ]);
    return rowCount ?? 0;
  };
  const allowConnections = (allow: boolean) => admin.query(`ALTER DATABASE "${name}" ALLOW_CONNECTIONS ${allow}`);

  beforeAll(async () => {
    db = await createTestDatabase();
    name = new URL(db.url).pathname.slice(1);
    admin = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
    await admin.connect();
    locks = advisoryLocks(db.url, logger, TIMING);
  });

  afterAll(async () => {
    await allowConnections(true).catch(() => undefined);
    await locks?.close();
    await admin?.end();
    await db?.drop();
  });

  it("a turn whose lock connection drops while it runs and that then fails is rejected as unavailable", async () => {
    const outcome = locks.withLock("turn:a", async () => {
      const before = lines.length;
      expect(await terminate("kna-turn-locks")).toBe(1);
      await dropSeen(before);
      throw new Error("the turn's own statement failed too");
    });
    await expect(outcome).rejects.toMatchObject({ code: "unavailable" });
    await expect(outcome).rejects.toBeInstanceOf(AppError);
  });

  it("a turn that succeeds although its lock connection dropped keeps its result; the pool connects anew", async () => {
    const result = await locks.withLock("turn:b", async () => {
      const before = lines.length;
      await terminate("kna-turn-locks");
      await dropSeen(before);
      return 42;
    });
    expect(result).toBe(42);
    const line = JSON.parse(lines.find((l) => l.includes("a turn lock's connection dropped")) ?? "{}") as Record<string, unknown>;
    expect(line).toMatchObject({ pool: "turn-locks", code: "57P01", severity: "FATAL" });
    expect(await locks.withLock("turn:b", async () => "again")).toBe("again");
  });

  it("no connection for a turn lock is a retryable 'unavailable', and turns work again afterwards", async () => {
    await allowConnections(false);
    await terminate("kna-turn-locks"); // idle pooled connections go too
    try {
      await expect(locks.withLock("turn:c", async () => "never")).rejects.toMatchObject({ code: "unavailable" });
    } finally {
      await allowConnections(true);
    }
    expect(await locks.withLock("turn:c", async () => "back")).toBe("back");
  });

  it("a held long lock reports its loss when the session is terminated; another holder can then take it", async () => {
    const held = await locks.acquire("poll:x");
    expect(held.lost.aborted).toBe(false);
    expect(await terminate("kna-poll-lock")).toBe(1);
    await until(() => held.lost.aborted, "the lock to be reported lost", 10_000, 20);
    expect(held.lost.reason).toMatchObject({ code: "unavailable" });
    const again = await locks.acquire("poll:x", AbortSignal.timeout(10_000));
    await held.release(); // safe after a loss, and must not free the new holder's lock
    const rival = advisoryLocks(db.url, silentLogger(), TIMING);
    const attempt = new AbortController();
    const rivalTry = rival.acquire("poll:x", attempt.signal);
    setTimeout(() => attempt.abort(new Error("gave up")), 300);
    await expect(rivalTry).rejects.toThrow("gave up");
    await again.release();
    await (await rival.acquire("poll:x", AbortSignal.timeout(10_000))).release();
    await rival.close();
  });

  it("acquire waits out a database that refuses connections and holds the lock once it is back", async () => {
    await allowConnections(false);
    const pending = locks.acquire("poll:y", AbortSignal.timeout(20_000));
    let settled = false;
    void pending.then(() => (settled = true));
    await new Promise((r) => setTimeout(r, TIMING.maxBackoffMs * 2)); // several refused attempts
    expect(settled).toBe(false);
    await allowConnections(true);
    const held = await pending;
    expect(held.lost.aborted).toBe(false);
    await held.release();
  });
});
