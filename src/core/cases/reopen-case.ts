import type { CaseRecord } from "../ports.ts";
import type { CaseWriteDeps } from "./open-case.ts";

/** A closed request comes back when the person writes again within this many days. */
export const REOPEN_WITHIN_DAYS = 30;

/**
 * The person's open case; else their case closed within REOPEN_WITHIN_DAYS, reopened (keeping its
 * priority, audited as done by the system); null when there is neither.
 */
export async function findOrReopenCase(d: CaseWriteDeps, o: { personId: string }): Promise<CaseRecord | null> {
  const open = await d.stores.cases.findOpenCase(o.personId);
  if (open) return open;
  const since = new Date(d.clock.now().getTime() - REOPEN_WITHIN_DAYS * 86_400_000);
  const closed = await d.stores.cases.findRecentlyClosedCase(o.personId, since);
  if (!closed || !(await d.stores.cases.reopenCase(closed.id))) return null;
  await d.stores.audit.record({ actorId: null, action: "case.reopen", caseId: closed.id, details: { previousOutcome: closed.outcome } }, d.clock.now());
  return { ...closed, status: "open" };
}
