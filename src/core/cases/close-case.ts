import type { CoreDeps } from "../deps.ts";
import { AppError } from "../../shared/errors/app-error.ts";
import { auditCase, outcomeSchema, requireActor, type CaseActionInput } from "./case-rules.ts";

/** Closes an open case with one of the outcomes the reports count. */
export async function closeCase(d: CoreDeps, o: CaseActionInput & { outcome: unknown }): Promise<void> {
  const outcome = outcomeSchema.safeParse(o.outcome);
  if (!outcome.success) throw new AppError("invalid_input");
  requireActor(o.staff, o.kase);
  if (!(await d.stores.cases.closeCase(o.kase.id, outcome.data, d.clock.now()))) throw new AppError("closed");
  await auditCase(d, { ...o, action: "case.close", details: { outcome: outcome.data } });
}
