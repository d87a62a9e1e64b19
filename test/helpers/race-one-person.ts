// One person's answers raced across two instances of the app on one database (two-instances.test.ts,
// pooler.test.ts): the person starts the intake on `a`, then the same page sends four answers "1" at
// once, two to each instance (each accepts the other's origin: same host, its own port). Without one
// turn at a time per person, two turns read the same state and an answer is lost.
import { expect } from "vitest";
import type { ConversationState } from "../../src/core/ports.ts";
import type { TestApp } from "./start-app.ts";
import { WebChatClient, newId } from "./webchat-client.ts";

/** The person's conversation after the race: who (self), concern (drug use), urgency (now), province (Hà Nội). */
export const RACED_STATE = { flow: "intake", step: "ward", data: { subject: "self", concern: "drug_use", urgency: "now", province: 1 } };

export async function raceOnePerson(a: TestApp, b: TestApp): Promise<ConversationState | null> {
  const person = new WebChatClient(a.url);
  await person.open();
  await person.start();
  await person.tap("vi");
  await person.tap("intake");
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
