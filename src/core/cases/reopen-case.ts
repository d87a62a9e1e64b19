import type { CaseDetail, CaseRecord, Stores } from "../ports.ts";
import { caseClosedFact } from "../reports/facts.ts";
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
  if (!closed || !(await reopenClosedCase(d.stores, closed, { now: d.clock.now(), details: { previousOutcome: closed.outcome } }))) return null;
  return { ...closed, status: "open" };
}

/**
 * Opens a closed case again, audited as done by the system, and takes back its close in the reports
 * (`case.closed` −1 with the close's dimensions). Callers run it inside a turn (one transaction).
 * False when it was not closed.
 */
export async function reopenClosedCase(
  stores: Pick<Stores, "cases" | "audit" | "facts">,
  closed: CaseDetail,
  o: { now: Date; details: Record<string, unknown> },
): Promise<boolean> {
  if (!(await stores.cases.reopenCase(closed.id))) return false;
  await stores.audit.record({ actorId: null, action: "case.reopen", caseId: closed.id, details: o.details }, o.now);
  if (closed.outcome && closed.closedAt)
    await stores.facts.record([caseClosedFact(closed, { outcome: closed.outcome, closedAt: closed.closedAt, reopenedAt: o.now })]);
  return true;
}
