import type { ConsoleDeps } from "../../deps.ts";
import { ConsoleError } from "../console-error.ts";
import { auditCase, outcomeSchema, requireActor, type CaseActionInput } from "./case-guards.ts";

/** Closes an open case with one of the outcomes the reports count. */
export async function closeCase(d: ConsoleDeps, o: CaseActionInput & { outcome: unknown }): Promise<void> {
  const outcome = outcomeSchema.safeParse(o.outcome);
  if (!outcome.success) throw new ConsoleError("invalid_input");
  requireActor(o.staff, o.kase);
  if (!(await d.store.closeCase(o.kase.id, outcome.data, d.clock.now()))) throw new ConsoleError("closed");
  await auditCase(d, { ...o, action: "case.close", details: { outcome: outcome.data } });
}
