// One directory listing as a flat row of named columns: the CSV format (import and export) and the
// console's form use the same columns, so one validation names the column of every problem.
import type { AdminUnits } from "../areas/admin-units.ts";
import { AREA_SCOPES, SERVICE_COSTS, SERVICE_KINDS, SERVICE_STATUSES, type ServiceArea, type ServiceInput, type ServiceRecord } from "./ports.ts";

export const CSV_COLUMNS = [
  "service_code",
  "organization",
  "organization_website",
  "name",
  "kind",
  "description_vi",
  "description_en",
  "eligibility",
  "min_age",
  "max_age",
  "cost",
  "cost_note",
  "languages",
  "confidential",
  "status",
  "taking_referrals",
  "schedule",
  "phone",
  "zalo",
  "address",
  "province_code",
  "ward_code",
  "latitude",
  "longitude",
  "area_scope",
  "area_codes",
  "follow_up_days",
  "last_confirmed",
] as const;
export type CsvColumn = (typeof CSV_COLUMNS)[number];
export type ServiceRow = Partial<Record<CsvColumn, string>>;

/** Problem codes shown as `console:directory.problems.<code>`. */
export type RowProblemCode = "required" | "too_long" | "invalid" | "unknown_value" | "bad_area" | "outside_areas" | "duplicate" | "unreadable";
export interface RowProblem {
  column: CsvColumn | null;
  code: RowProblemCode;
}

const TRUE = ["yes", "true", "1", "co", "có", "x"];
const FALSE = ["no", "false", "0", "khong", "không", ""];
const CODE = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export interface RowContext {
  areas: AdminUnits;
  now: Date;
  isSample: boolean;
  /** Provinces the importing staff member may list services in; null = every province (and national). */
  allowedProvinces: number[] | null;
}

/** The listing a row describes, or every problem in it (with its column). */
export function parseServiceRow(row: ServiceRow, ctx: RowContext): { ok: true; input: ServiceInput } | { ok: false; problems: RowProblem[] } {
  const problems: RowProblem[] = [];
  const bad = (column: CsvColumn | null, code: RowProblemCode) => void problems.push({ column, code });
  const text = (c: CsvColumn, max: number, required = false): string => {
    const v = (row[c] ?? "").trim();
    if (required && v === "") bad(c, "required");
    if (v.length > max) bad(c, "too_long");
    if (v.includes("\uFFFD")) bad(c, "unreadable");
    return v;
  };
  const oneOf = <T extends string>(c: CsvColumn, values: readonly T[], fallback: T): T => {
    const v = text(c, 40).toLowerCase();
    if (v === "") return fallback;
    if (!(values as readonly string[]).includes(v)) bad(c, "unknown_value");
    return v as T;
  };
  const int = (c: CsvColumn, min: number, max: number): number | null => {
    const v = text(c, 12);
    if (v === "") return null;
    const n = Number(v);
    if (!Number.isInteger(n) || n < min || n > max) return (bad(c, "invalid"), null);
    return n;
  };
  const num = (c: CsvColumn, min: number, max: number): number | null => {
    const v = text(c, 24);
    if (v === "") return null;
    const n = Number(v);
    if (!Number.isFinite(n) || n < min || n > max) return (bad(c, "invalid"), null);
    return n;
  };
  const bool = (c: CsvColumn, fallback: boolean): boolean => {
    const v = text(c, 10).toLowerCase();
    if (v === "") return fallback;
    if (TRUE.includes(v)) return true;
    if (!FALSE.includes(v)) bad(c, "invalid");
    return false;
  };

  const code = text("service_code", 64, true);
  if (code !== "" && !CODE.test(code)) bad("service_code", "invalid");
  const website = text("organization_website", 300);
  const minAge = int("min_age", 0, 120);
  const maxAge = int("max_age", 0, 120);
  if (minAge !== null && maxAge !== null && minAge > maxAge) bad("max_age", "invalid");
  const languages = text("languages", 60)
    .split(/[;,\s]+/)
    .map((l) => l.toLowerCase())
    .filter((l) => l !== "");
  if (languages.some((l) => !/^[a-z]{2,3}$/.test(l))) bad("languages", "invalid");
  const provinceCode = int("province_code", 1, 999);
  const wardCode = int("ward_code", 1, 9_999_999);
  if (provinceCode !== null && !ctx.areas.province(provinceCode)) bad("province_code", "bad_area");
  if (wardCode !== null && ctx.areas.ward(wardCode)?.provinceCode !== provinceCode) bad("ward_code", "bad_area");
  const lastConfirmed = text("last_confirmed", 10);
  const m = DATE.exec(lastConfirmed);
  const confirmedAt = m ? new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))) : ctx.now;
  if (lastConfirmed !== "" && (!m || Number.isNaN(confirmedAt.getTime()) || confirmedAt.toISOString().slice(0, 10) !== lastConfirmed))
    bad("last_confirmed", "invalid");
  const areas = parseAreas(row, ctx, bad);
  const input: ServiceInput = {
    code,
    organization: { name: text("organization", 200, true), website: website || null, email: null },
    name: text("name", 200, true),
    kind: oneOf("kind", SERVICE_KINDS, SERVICE_KINDS[0]),
    descriptionVi: text("description_vi", 2000),
    descriptionEn: text("description_en", 2000),
    eligibility: text("eligibility", 1000),
    minAge,
    maxAge,
    cost: oneOf("cost", SERVICE_COSTS, "free"),
    costNote: text("cost_note", 500),
    languages: languages.length > 0 ? [...new Set(languages)] : ["vi"],
    confidential: bool("confidential", false),
    status: oneOf("status", SERVICE_STATUSES, "active"),
    takingReferrals: bool("taking_referrals", true),
    schedule: text("schedule", 300),
    phone: text("phone", 40),
    zalo: text("zalo", 80),
    followUpDays: int("follow_up_days", 1, 90),
    lastConfirmedAt: confirmedAt,
    isSample: ctx.isSample,
    locations: [],
    areas,
  };
  if ((row.kind ?? "").trim() === "") bad("kind", "required");
  const address = text("address", 500);
  const lat = num("latitude", -90, 90);
  const lng = num("longitude", -180, 180);
  if (address !== "" || provinceCode !== null || lat !== null) input.locations.push({ address, provinceCode, wardCode, latitude: lat, longitude: lng });
  return problems.length > 0 ? { ok: false, problems } : { ok: true, input };
}

function parseAreas(row: ServiceRow, ctx: RowContext, bad: (c: CsvColumn, code: RowProblemCode) => void): ServiceArea[] {
  const scope = (row.area_scope ?? "").trim().toLowerCase();
  const codes = (row.area_codes ?? "")
    .split(/[;,\s]+/)
    .filter((c) => c !== "")
    .map(Number);
  if (scope === "") return (bad("area_scope", "required"), []);
  if (!(AREA_SCOPES as readonly string[]).includes(scope)) return (bad("area_scope", "unknown_value"), []);
  if (scope === "national") {
    if (ctx.allowedProvinces !== null) bad("area_scope", "outside_areas");
    return [{ scope: "national", provinceCode: null, wardCode: null }];
  }
  if (codes.length === 0) return (bad("area_codes", "required"), []);
  const areas: ServiceArea[] = [];
  for (const code of codes) {
    const provinceCode = scope === "province" ? (ctx.areas.province(code)?.code ?? null) : (ctx.areas.ward(code)?.provinceCode ?? null);
    if (!Number.isInteger(code) || provinceCode === null) return (bad("area_codes", "bad_area"), []);
    if (ctx.allowedProvinces !== null && !ctx.allowedProvinces.includes(provinceCode)) return (bad("area_codes", "outside_areas"), []);
    areas.push({ scope: scope as "province" | "ward", provinceCode, wardCode: scope === "ward" ? code : null });
  }
  return areas;
}

/** The row a listing exports as (the same columns the import reads). */
export function serviceToRow(s: ServiceRecord): Record<CsvColumn, string> {
  const loc = s.locations[0];
  const scope = s.areas[0]?.scope ?? "national";
  return {
    service_code: s.code,
    organization: s.organization.name,
    organization_website: s.organization.website ?? "",
    name: s.name,
    kind: s.kind,
    description_vi: s.descriptionVi,
    description_en: s.descriptionEn,
    eligibility: s.eligibility,
    min_age: s.minAge?.toString() ?? "",
    max_age: s.maxAge?.toString() ?? "",
    cost: s.cost,
    cost_note: s.costNote,
    languages: s.languages.join(";"),
    confidential: s.confidential ? "yes" : "no",
    status: s.status,
    taking_referrals: s.takingReferrals ? "yes" : "no",
    schedule: s.schedule,
    phone: s.phone,
    zalo: s.zalo,
    address: loc?.address ?? "",
    province_code: loc?.provinceCode?.toString() ?? "",
    ward_code: loc?.wardCode?.toString() ?? "",
    latitude: loc?.latitude?.toString() ?? "",
    longitude: loc?.longitude?.toString() ?? "",
    area_scope: scope,
    area_codes: s.areas
      .filter((a) => a.scope === scope && scope !== "national")
      .map((a) => String(scope === "ward" ? a.wardCode : a.provinceCode))
      .join(";"),
    follow_up_days: s.followUpDays?.toString() ?? "",
    last_confirmed: s.lastConfirmedAt.toISOString().slice(0, 10),
  };
}
