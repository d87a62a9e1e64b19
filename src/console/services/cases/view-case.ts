import type { ConsoleDeps } from "../../deps.ts";
import type { ConsoleCase, StaffRecord } from "../../ports.ts";
import { auditCase } from "./case-guards.ts";
import { findVisibleCase } from "./find-visible-case.ts";

/** Opens a case for reading; every view is audited. */
export async function viewCase(d: ConsoleDeps, o: { staff: StaffRecord; handle: string }): Promise<ConsoleCase> {
  const kase = await findVisibleCase(d, o);
  await auditCase(d, { staff: o.staff, kase, action: "case.view" });
  return kase;
}
