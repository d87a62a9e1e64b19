import type { CoreDeps } from "../deps.ts";
import { AppError } from "../../shared/errors/app-error.ts";
import { crisisClaimedFact } from "../reports/facts.ts";
import { auditCase, type CaseActionInput } from "./case-rules.ts";
import { CASE_PRIORITY } from "./ports.ts";
import { tellPersonClaimed } from "./tell-claimed.ts";

/**
 * Claims an open case; true when this staff member holds it afterwards, false when someone else does.
 * A crisis case's first claim records how long the crisis waited (`case.crisis_claimed`, same transaction).
 */
export async function claimCase(d: CoreDeps, o: CaseActionInput & { via?: "claim" | "next" }): Promise<boolean> {
  if (o.kase.status !== "open") throw new AppError("closed");
  if (o.kase.assignee?.id === o.staff.id) return true;
  const now = d.clock.now();
  const { crisisSince } = o.kase;
  const claimed =
    o.kase.priority === CASE_PRIORITY.crisis && crisisSince
      ? await d.stores.unitOfWork.run(async (s) => {
          if (!(await s.cases.claimCase(o.kase.id, o.staff.id, now))) return false;
          await s.facts.record([crisisClaimedFact({ ...o.kase, crisisSince }, now)]);
          return true;
        })
      : await d.stores.cases.claimCase(o.kase.id, o.staff.id, now);
  if (!claimed) return false;
  await auditCase(d, { ...o, action: "case.claim", details: o.via === "next" ? { via: "next" } : undefined });
  await tellPersonClaimed(d, o.kase);
  return true;
}
