import type { CoreDeps } from "../deps.ts";
import { AppError } from "../../shared/errors/app-error.ts";
import { auditCase, type CaseActionInput } from "./case-rules.ts";
import { tellPersonClaimed } from "./tell-claimed.ts";

/** Claims an open case; true when this staff member holds it afterwards, false when someone else does. */
export async function claimCase(d: CoreDeps, o: CaseActionInput & { via?: "claim" | "next" }): Promise<boolean> {
  if (o.kase.status !== "open") throw new AppError("closed");
  if (o.kase.assignee?.id === o.staff.id) return true;
  if (!(await d.stores.cases.claimCase(o.kase.id, o.staff.id, d.clock.now()))) return false;
  await auditCase(d, { ...o, action: "case.claim", details: o.via === "next" ? { via: "next" } : undefined });
  await tellPersonClaimed(d, o.kase);
  return true;
}
