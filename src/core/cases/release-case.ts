import type { CoreDeps } from "../deps.ts";
import { auditCase, requireActor, type CaseActionInput } from "./case-rules.ts";

/** Puts a held case back in the queue (the holder, or a supervisor/admin). */
export async function releaseCase(d: CoreDeps, o: CaseActionInput): Promise<void> {
  requireActor(o.staff, o.kase, { open: false });
  if (await d.stores.cases.releaseCase(o.kase.id, null))
    await auditCase(d, { ...o, action: "case.release", details: o.kase.assignee ? { from: o.kase.assignee.id } : undefined });
}
