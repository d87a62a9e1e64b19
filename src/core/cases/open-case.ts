import type { CaseEvents, CaseRecord, Clock, NewCase, Stores } from "../ports.ts";
import { CASE_PRIORITY } from "./ports.ts";
import { caseOpenedFact } from "../reports/facts.ts";

export interface CaseWriteDeps {
  stores: Pick<Stores, "cases" | "messages" | "audit" | "facts">;
  clock: Clock;
  caseEvents?: CaseEvents;
}

/**
 * Opens a case from an intake (or from a danger message), attaches the person's messages to it, and
 * announces it when it is urgent (crisis or high) so on-duty staff are pinged. Records the `case.opened`
 * fact; callers run it inside a turn, so the case and its fact commit together.
 */
export async function openCase(d: CaseWriteDeps, o: { case: NewCase; messageIds: string[] }): Promise<CaseRecord> {
  const now = d.clock.now();
  const crisisSince = o.case.priority === CASE_PRIORITY.crisis ? now : null;
  const created = await d.stores.cases.createCase({ ...o.case, crisisSince, createdAt: now });
  await d.stores.facts.record([caseOpenedFact(created)]);
  if (o.messageIds.length > 0) await d.stores.messages.linkMessagesToCase(o.messageIds, created.id);
  if (created.priority <= CASE_PRIORITY.high) await d.caseEvents?.caseUrgent({ caseId: created.id, priority: created.priority });
  return created;
}
