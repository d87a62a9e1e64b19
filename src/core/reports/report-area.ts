// The area a report covers, and who may see which: admins every area (and the whole country),
// supervisors their provinces and the communes in them; nobody else sees reports at all.
import type { AdminUnits } from "../areas/admin-units.ts";
import type { StaffRecord } from "../ports.ts";

export type ReportArea = { kind: "all" } | { kind: "province"; provinceCode: number } | { kind: "ward"; provinceCode: number; wardCode: number };

export const canSeeReports = (staff: StaffRecord): boolean => staff.role === "admin" || staff.role === "supervisor";

/** The area from form values ("" = the whole country); null when the code is unknown or the ward is not in the province. */
export function parseArea(areas: AdminUnits, province: string | undefined, ward: string | undefined): ReportArea | null {
  if (!province) return ward ? null : { kind: "all" };
  const p = areas.province(Number(province));
  if (!/^\d{1,3}$/.test(province) || !p) return null;
  if (!ward) return { kind: "province", provinceCode: p.code };
  const w = /^\d{1,6}$/.test(ward) ? areas.ward(Number(ward)) : undefined;
  return w && w.provinceCode === p.code ? { kind: "ward", provinceCode: p.code, wardCode: w.code } : null;
}

export function areaInScope(staff: StaffRecord, area: ReportArea): boolean {
  if (staff.role === "admin") return true;
  if (staff.role !== "supervisor" || area.kind === "all") return false;
  return staff.provinceCodes.includes(area.provinceCode);
}

/** The area's code for exports (DHIS2 orgUnit with orgUnitIdScheme=CODE): "VN", a 2-digit province or 5-digit commune code. */
export function areaCode(area: ReportArea): string {
  if (area.kind === "all") return "VN";
  return area.kind === "province" ? String(area.provinceCode).padStart(2, "0") : String(area.wardCode).padStart(5, "0");
}

export function areaLabel(areas: AdminUnits, area: ReportArea, wholeCountry: string): string {
  if (area.kind === "all") return wholeCountry;
  const province = areas.province(area.provinceCode)?.name ?? String(area.provinceCode);
  return area.kind === "ward" ? `${areas.ward(area.wardCode)?.name ?? area.wardCode}, ${province}` : province;
}
