import { canSeeCase } from "../staff/access.ts";
import type { CoreDeps } from "../deps.ts";
import type { CaseDetail, StaffRecord } from "../ports.ts";
import { AppError } from "../../shared/errors/app-error.ts";

const HANDLE = /^[A-Z2-9]{4,6}$/;

/** The case when this staff member may see it; otherwise "not found" (never "forbidden"). */
export async function findVisibleCase(d: CoreDeps, o: { staff: StaffRecord; handle: string }): Promise<CaseDetail> {
  const key = o.handle.replace(/^#/, "").toUpperCase();
  const found = HANDLE.test(key) ? await d.stores.cases.findCaseByHandle(key) : null;
  if (!found || !canSeeCase(o.staff, found)) throw new AppError("not_found");
  return found;
}
