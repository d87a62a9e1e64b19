// PostgreSQL behind a transaction-mode pooler (a real PgBouncer, three server connections for two app
// instances of 20+ client connections each): consecutive transactions of one connection meet different
// server sessions, so a statement prepared in one is missing in the next. With DATABASE_DIRECT_URL set
// the app prepares nothing on DATABASE_URL and takes its session-held locks, migrations and pg-boss
// through the direct connection. Two instances race one person's answers through the pooler: every
// answer is kept, in order (the per-person advisory lock is transaction-scoped, so it holds there too).
import { afterAll, describe, expect, it } from "vitest";
import { createTestDatabase, onPostgres, startTestApp, type TestApp } from "../helpers/start-app.ts";
import { pgbouncerBinary, startPgbouncer, type Pgbouncer } from "../helpers/pgbouncer.ts";
import { waitUntil } from "../helpers/wait.ts";
import { RACED_STATE, raceOnePerson } from "../helpers/race-one-person.ts";

const started: TestApp[] = [];
let bouncer: Pgbouncer | undefined;
let drop: (() => Promise<void>) | undefined;
afterAll(async () => {
  for (const app of started) await app.stop();
  await bouncer?.stop();
  await drop?.();
});

const installed = pgbouncerBinary() !== undefined;
if (onPostgres() && !installed) console.warn("pooler.test.ts skipped: pgbouncer is not installed (apt-get install pgbouncer; .ci/run installs it)");

describe.runIf(onPostgres() && installed)("behind a transaction-mode pooler (PgBouncer)", () => {
  it("runs conversations from two instances through the pooler, nothing prepared on it", async () => {
    const db = await createTestDatabase();
    drop = db.drop;
    bouncer = await startPgbouncer(process.env.TEST_DATABASE_URL!);
    const name = new URL(db.url).pathname.slice(1);
    const pooled = bouncer.url(name);
    const options = { databaseUrl: pooled, env: { DATABASE_DIRECT_URL: db.url } };
    const a = await startTestApp(options);
    started.push(a);
    const b = await startTestApp(options);
    started.push(b);

    // Four people, each sending four answers "1" at once, two to each instance: who (self), concern
    // (drug use), urgency (now), province (Hà Nội).
    const outcomes = await Promise.all([0, 1, 2, 3].map(() => raceOnePerson(a, b)));
    for (const state of outcomes) {
      expect(state).toMatchObject(RACED_STATE);
    }
    // The turns went through the pooler: each person's seven turns, at least, and the reads above.
    await waitUntil(async () => (await bouncer!.transactions(name)) >= 4 * 7, { what: "the pooler's statistics to count the turns" });
  });
});
