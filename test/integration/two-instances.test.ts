// Several instances on one PostgreSQL database: one person's messages arriving at different instances
// at the same moment are still handled one at a time (advisory lock per person), so no answer is lost.
// Only meaningful on PostgreSQL: the embedded database can be opened by one process.
import { afterAll, describe, expect, it } from "vitest";
import { createTestDatabase, onPostgres, startTestApp, type TestApp } from "../helpers/start-app.ts";
import { RACED_STATE, raceOnePerson } from "../helpers/race-one-person.ts";

const started: TestApp[] = [];
let drop: (() => Promise<void>) | undefined;
afterAll(async () => {
  for (const app of started) await app.stop();
  await drop?.();
});

describe.runIf(onPostgres())("two instances on one PostgreSQL database", () => {
  it("serialises one person's simultaneous messages across instances", async () => {
    const db = await createTestDatabase();
    drop = db.drop;
    const a = await startTestApp({ databaseUrl: db.url });
    started.push(a);
    const b = await startTestApp({ databaseUrl: db.url });
    started.push(b);

    // Four people, each sending four answers "1" at once, two to each instance: who (self), concern
    // (drug use), urgency (now), province (Hà Nội). Without the lock, two turns read the same state
    // and an answer is lost.
    const outcomes = await Promise.all([0, 1, 2, 3].map(() => raceOnePerson(a, b)));
    for (const state of outcomes) {
      expect(state).toMatchObject(RACED_STATE);
    }
  });
});
