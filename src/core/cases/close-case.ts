import type { CoreDeps } from "../deps.ts";
import { AppError } from "../../shared/errors/app-error.ts";
import { caseClosedFact } from "../reports/facts.ts";
import { auditCase, outcomeSchema, requireActor, type CaseActionInput } from "./case-rules.ts";

/** Closes an open case with one of the outcomes the reports count (the `case.closed` fact commits with it). */
export async function closeCase(d: CoreDeps, o: CaseActionInput & { outcome: unknown }): Promise<void> {
  const outcome = outcomeSchema.safeParse(o.outcome);
  if (!outcome.success) throw new AppError("invalid_input");
  requireActor(o.staff, o.kase);
  const now = d.clock.now();
  const closed = await d.stores.unitOfWork.run(async (s) => {
    if (!(await s.cases.closeCase(o.kase.id, outcome.data, now))) return false;
    await s.facts.record([caseClosedFact(o.kase, { outcome: outcome.data, closedAt: now })]);
    return true;
  });
  if (!closed) throw new AppError("closed");
  await auditCase(d, { ...o, action: "case.close", details: { outcome: outcome.data } });
}
