// Where the person wants support, from what they typed: a province ("nghe an"), a commune/ward anywhere
// ("vinh phu"), or both ("vinh phu, nghe an"), with or without diacritics.
import { foldText } from "../../../../shared/text/fold.ts";
import type { AdminUnits } from "../../../areas/admin-units.ts";

export interface AreaPick {
  provinceCode: number;
  wardCode: number | null;
  name: string;
}

export type AreaLookup = { kind: "one"; area: AreaPick } | { kind: "some"; areas: AreaPick[] } | { kind: "none" } | { kind: "too_many" };

export const MAX_AREA_CHOICES = 6;

export function findArea(areas: AdminUnits, text: string): AreaLookup {
  const parts = text
    .split(/[,;]/)
    .map((p) => p.trim())
    .filter((p) => p !== "");
  if (parts.length >= 2) {
    const provinces = areas.findProvinces(parts[parts.length - 1]!);
    const found = provinces.flatMap((p) => areas.findWards(p.code, parts.slice(0, -1).join(" ")).map((w) => wardPick(areas, p.code, w.code)));
    return result(found);
  }
  const provinces = areas.findProvinces(text);
  if (provinces.length === 1) return { kind: "one", area: { provinceCode: provinces[0]!.code, wardCode: null, name: provinces[0]!.name } };
  // Each province answers with its best tier (exact name, else prefix…); across provinces, exact names win too.
  const q = foldText(text).replace(/^(xa|phuong|dac khu|p|x)\s+/, "");
  const found = areas.provinces.flatMap((p) => areas.findWards(p.code, text).map((w) => ({ w, p })));
  const exact = found.filter((f) => f.w.folded === q);
  const wards = (exact.length > 0 ? exact : found).map((f) => wardPick(areas, f.p.code, f.w.code));
  return result([...provinces.map((p) => ({ provinceCode: p.code, wardCode: null, name: p.name })), ...wards]);
}

function wardPick(areas: AdminUnits, provinceCode: number, wardCode: number): AreaPick {
  return { provinceCode, wardCode, name: `${areas.ward(wardCode)?.name ?? ""}, ${areas.province(provinceCode)?.shortName ?? ""}` };
}

function result(found: AreaPick[]): AreaLookup {
  if (found.length === 1) return { kind: "one", area: found[0]! };
  if (found.length === 0) return { kind: "none" };
  if (found.length > MAX_AREA_CHOICES) return { kind: "too_many" };
  return { kind: "some", areas: found };
}

export function areaLabel(areas: AdminUnits, provinceCode: number | null, wardCode: number | null): string | null {
  if (provinceCode === null) return null;
  const province = areas.province(provinceCode);
  if (!province) return null;
  const ward = wardCode !== null ? areas.ward(wardCode) : undefined;
  return ward ? `${ward.name}, ${province.shortName}` : province.name;
}
