import type { CoreDeps } from "../deps.ts";
import type { CaseDetail, StaffRecord } from "../ports.ts";
import { auditCase } from "./case-rules.ts";
import { findVisibleCase } from "./find-visible-case.ts";

/** Opens a case for reading; every view is audited. */
export async function viewCase(d: CoreDeps, o: { staff: StaffRecord; handle: string }): Promise<CaseDetail> {
  const kase = await findVisibleCase(d, o);
  await auditCase(d, { staff: o.staff, kase, action: "case.view" });
  return kase;
}
