import { z } from "zod";
import { canSeeCase, CASE_ROLES } from "../staff/access.ts";
import type { CoreDeps } from "../deps.ts";
import type { StaffRecord } from "../ports.ts";
import { AppError } from "../../shared/errors/app-error.ts";
import { auditCase, requireActor, type CaseActionInput } from "./case-rules.ts";

/** Hands the case to a colleague who may see it (an active counsellor, supervisor or admin). */
export async function transferCase(d: CoreDeps, o: CaseActionInput & { targetId: string }): Promise<StaffRecord> {
  requireActor(o.staff, o.kase);
  const target = z.string().uuid().safeParse(o.targetId).success ? await d.stores.staff.getStaff(o.targetId) : null;
  if (!target || !target.active || !CASE_ROLES.includes(target.role) || !canSeeCase(target, o.kase)) throw new AppError("bad_target");
  await d.stores.cases.assignCase(o.kase.id, target.id, d.clock.now());
  await auditCase(d, { ...o, action: "case.transfer", details: { from: o.kase.assignee?.id ?? null, to: target.id }, targetId: target.id });
  return target;
}
