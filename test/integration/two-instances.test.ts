// Several instances on one PostgreSQL database: one person's messages arriving at different instances
// at the same moment are still handled one at a time (advisory lock per person), so no answer is lost.
// Only meaningful on PostgreSQL: the embedded database can be opened by one process.
import { afterAll, describe, expect, it } from "vitest";
import { createTestDatabase, onPostgres, startTestApp, type TestApp } from "../helpers/start-app.ts";
import { WebChatClient, newId } from "../helpers/webchat-client.ts";

const started: TestApp[] = [];
let drop: (() => Promise<void>) | undefined;
afterAll(async () => {
  for (const app of started) await app.stop();
  await drop?.();
});

async function raceOnePerson(a: TestApp, b: TestApp) {
  const person = new WebChatClient(a.url);
  await person.open();
  await person.start();
  await person.tap("vi");
  await person.tap("intake");
  // The same page request sent to both instances (each accepts the other's origin: same host, its own port).
  const post = (url: string) =>
    fetch(`${url}/chat/messages`, {
      method: "POST",
      headers: { ...person.pageHeaders(), origin: url },
      body: JSON.stringify({ clientId: newId(), text: "1" }),
    });
  const results = await Promise.all([post(a.url), post(b.url), post(a.url), post(b.url)]);
  expect(results.map((r) => r.status)).toEqual([200, 200, 200, 200]);
  const p = await a.stores.people.findPerson("webchat", person.sessionId);
  return a.stores.conversations.getConversation(p!.id);
}

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
      expect(state).toMatchObject({ flow: "intake", step: "ward", data: { subject: "self", concern: "drug_use", urgency: "now", province: 1 } });
    }
  });
});
