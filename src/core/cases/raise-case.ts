import type { CaseRecord } from "../ports.ts";
import type { CaseWriteDeps } from "./open-case.ts";
import { CASE_PRIORITY } from "./ports.ts";

/**
 * A danger message on an open case: the case jumps to crisis priority with the new danger flags, the
 * messages join it, and staff are pinged when it was not a crisis already.
 */
export async function raiseCase(d: CaseWriteDeps, o: { case: CaseRecord; dangerFlags: string[]; messageIds: string[] }): Promise<void> {
  const flags = [...new Set([...o.case.dangerFlags, ...o.dangerFlags])].sort();
  await d.stores.cases.updateCase(o.case.id, { priority: CASE_PRIORITY.crisis, dangerFlags: flags });
  await d.stores.cases.notePersonMessage(o.case.id, d.clock.now());
  await d.stores.messages.linkMessagesToCase(o.messageIds, o.case.id);
  if (o.case.priority !== CASE_PRIORITY.crisis) await d.caseEvents?.caseUrgent({ caseId: o.case.id, priority: CASE_PRIORITY.crisis });
}
