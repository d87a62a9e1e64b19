import type { CaseEvents, CaseRecord, Clock, NewCase, Stores } from "../ports.ts";
import { CASE_PRIORITY } from "./ports.ts";

export interface CaseWriteDeps {
  stores: Pick<Stores, "cases" | "messages" | "audit">;
  clock: Clock;
  caseEvents?: CaseEvents;
}

/**
 * Opens a case from an intake (or from a danger message), attaches the person's messages to it, and
 * announces it when it is urgent (crisis or high) so on-duty staff are pinged.
 */
export async function openCase(d: CaseWriteDeps, o: { case: NewCase; messageIds: string[] }): Promise<CaseRecord> {
  const crisisSince = o.case.priority === CASE_PRIORITY.crisis ? d.clock.now() : null;
  const created = await d.stores.cases.createCase({ ...o.case, crisisSince });
  if (o.messageIds.length > 0) await d.stores.messages.linkMessagesToCase(o.messageIds, created.id);
  if (created.priority <= CASE_PRIORITY.high) await d.caseEvents?.caseUrgent({ caseId: created.id, priority: created.priority });
  return created;
}
