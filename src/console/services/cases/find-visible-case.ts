import { canSeeCase } from "../../access.ts";
import type { ConsoleDeps } from "../../deps.ts";
import type { ConsoleCase, StaffRecord } from "../../ports.ts";
import { ConsoleError } from "../console-error.ts";

const HANDLE = /^[A-Z2-9]{4,6}$/;

/** The case when this staff member may see it; otherwise "not found" (never "forbidden"). */
export async function findVisibleCase(d: ConsoleDeps, o: { staff: StaffRecord; handle: string }): Promise<ConsoleCase> {
  const key = o.handle.replace(/^#/, "").toUpperCase();
  const found = HANDLE.test(key) ? await d.store.findCaseByHandle(key) : null;
  if (!found || !canSeeCase(o.staff, found)) throw new ConsoleError("not_found");
  return found;
}
