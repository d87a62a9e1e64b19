// Who may read and manage the directory:
//   admin       every listing, national ones included; import and export everything
//   supervisor  listings whose areas and locations are all in their provinces (no national ones)
//   counsellor  reads the directory (to refer from a case); changes nothing
import { CASE_ROLES } from "../staff/access.ts";
import type { ServiceRecord, StaffRecord } from "../ports.ts";

export const canViewDirectory = (staff: StaffRecord): boolean => CASE_ROLES.includes(staff.role);
export const canManageDirectory = (staff: StaffRecord): boolean => staff.role === "admin" || staff.role === "supervisor";

/** Provinces a manager may list services in; null = anywhere, national included. */
export const directoryProvinces = (staff: StaffRecord): number[] | null => (staff.role === "admin" ? null : staff.provinceCodes);

export function canEditService(staff: StaffRecord, s: Pick<ServiceRecord, "areas" | "locations">): boolean {
  if (!canManageDirectory(staff)) return false;
  const allowed = directoryProvinces(staff);
  if (allowed === null) return true;
  const inside = (code: number | null) => code !== null && allowed.includes(code);
  return (
    s.areas.length > 0 &&
    s.areas.every((a) => a.scope !== "national" && inside(a.provinceCode)) &&
    s.locations.every((l) => l.provinceCode === null || inside(l.provinceCode))
  );
}
