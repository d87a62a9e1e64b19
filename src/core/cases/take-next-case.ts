import { caseScope } from "../staff/access.ts";
import type { CoreDeps } from "../deps.ts";
import type { CaseDetail, StaffRecord } from "../ports.ts";
import { claimCase } from "./claim-case.ts";

/** Claims the most urgent, longest-waiting unclaimed case this staff member may see; null when none. */
export async function takeNextCase(d: CoreDeps, o: { staff: StaffRecord }): Promise<CaseDetail | null> {
  const queue = await d.stores.cases.listQueue(caseScope(o.staff), { limit: 100 });
  for (const kase of queue) {
    // Losing a race to a colleague is normal: try the next one.
    if (!kase.assignee && (await claimCase(d, { staff: o.staff, kase, via: "next" }))) return kase;
  }
  return null;
}
