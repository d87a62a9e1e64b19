import type { CaseRecord } from "../ports.ts";
import type { CaseWriteDeps } from "./open-case.ts";
import { CASE_PRIORITY } from "./ports.ts";

/**
 * A danger message on an open case: the case jumps to crisis priority with the new danger flags, the
 * messages join it, and staff are pinged when it was not a crisis already.
 */
export async function raiseCase(d: CaseWriteDeps, o: { case: CaseRecord; dangerFlags: string[]; messageIds: string[] }): Promise<void> {
  const flags = [...new Set([...o.case.dangerFlags, ...o.dangerFlags])].sort();
  const now = d.clock.now();
  // Becoming a crisis starts the escalation clock (escalate-crisis.ts); a crisis already running keeps its own.
  const start = o.case.priority !== CASE_PRIORITY.crisis || o.case.crisisSince === null ? { crisisSince: now, crisisPings: 0, crisisNoticeAt: null } : {};
  await d.stores.cases.updateCase(o.case.id, { priority: CASE_PRIORITY.crisis, dangerFlags: flags, ...start });
  await d.stores.cases.notePersonMessage(o.case.id, now);
  await d.stores.messages.linkMessagesToCase(o.messageIds, o.case.id);
  if (o.case.priority !== CASE_PRIORITY.crisis) await d.caseEvents?.caseUrgent({ caseId: o.case.id, priority: CASE_PRIORITY.crisis });
}
