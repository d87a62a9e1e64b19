// How the contract cases look at what the app stored for a person. Kept in one place because the store's
// ports are being split per domain: when `app.store` changes shape, only this file changes.
import type { TestApp } from "../../helpers/start-app.ts";
import type { ContractPerson } from "./driver.ts";

/** The person's row id, or undefined when the app has no such person (never wrote, or erased). */
export async function personIdOf(app: TestApp, person: ContractPerson): Promise<string | undefined> {
  return (await app.stores.people.findPerson(person.channel, person.externalId))?.id;
}

export async function requirePersonId(app: TestApp, person: ContractPerson): Promise<string> {
  const id = await personIdOf(app, person);
  if (!id) throw new Error(`the app has no ${person.channel} person for this driver's person`);
  return id;
}

/** The person's cases, oldest first, straight from the database. */
export async function casesOf(app: TestApp, personId: string) {
  return app.db.prisma.case.findMany({ where: { personId }, orderBy: { createdAt: "asc" } });
}

export async function inboundCount(app: TestApp, where: { personId?: string; caseId?: string }): Promise<number> {
  return app.db.prisma.message.count({ where: { ...where, direction: "inbound" } });
}

/** Rows left for a person id after erasure: person, messages, cases. */
export async function rowsLeft(app: TestApp, personId: string): Promise<{ people: number; messages: number; cases: number }> {
  const [people, messages, cases] = await Promise.all([
    app.db.prisma.person.count({ where: { id: personId } }),
    app.db.prisma.message.count({ where: { personId } }),
    app.db.prisma.case.count({ where: { personId } }),
  ]);
  return { people, messages, cases };
}
