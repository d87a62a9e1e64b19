// Vietnam's 2025 administrative units (province → commune/ward; there are no districts any more),
// matched from what people type, with or without diacritics and with or without "Tỉnh"/"Phường".
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { z } from "zod";
import { foldText } from "../../shared/text/fold.ts";

const FILE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "data/vn-admin-units-2025.json");

const fileSchema = z.object({
  provinces: z.array(
    z.object({
      code: z.number().int(),
      name: z.string(),
      shortName: z.string(),
      wards: z.array(z.object({ code: z.number().int(), name: z.string(), type: z.string() })),
    }),
  ),
});

export interface Ward {
  code: number;
  name: string;
  folded: string;
}

export interface Province {
  code: number;
  name: string;
  shortName: string;
  folded: string;
  wards: Ward[];
}

export interface AdminUnits {
  provinces: Province[];
  province(code: number): Province | undefined;
  ward(code: number): (Ward & { provinceCode: number }) | undefined;
  findProvinces(text: string): Province[];
  findWards(provinceCode: number, text: string): Ward[];
}

const PROVINCE_PREFIX = /^(tinh|thanh pho|tp)\s+/;
const WARD_PREFIX = /^(xa|phuong|dac khu|p|x)\s+/;
// Common ways people name the big cities.
const ALIASES: Record<string, string> = { "sai gon": "ho chi minh", hcm: "ho chi minh", tphcm: "ho chi minh", hn: "ha noi", "hue city": "hue" };

export function loadAdminUnits(file = FILE): AdminUnits {
  const data = fileSchema.parse(JSON.parse(fs.readFileSync(file, "utf8")));
  const provinces: Province[] = data.provinces.map((p) => ({
    code: p.code,
    name: p.name,
    shortName: p.shortName,
    folded: foldText(p.shortName),
    wards: p.wards.map((w) => ({ code: w.code, name: w.name, folded: foldText(w.name).replace(WARD_PREFIX, "") })),
  }));
  const byCode = new Map(provinces.map((p) => [p.code, p]));
  const wardByCode = new Map(provinces.flatMap((p) => p.wards.map((w) => [w.code, { ...w, provinceCode: p.code }] as const)));
  return {
    provinces,
    province: (code) => byCode.get(code),
    ward: (code) => wardByCode.get(code),
    findProvinces(text) {
      let q = foldText(text).replace(PROVINCE_PREFIX, "");
      q = ALIASES[q] ?? q;
      return bestMatches(provinces, q);
    },
    findWards(provinceCode, text) {
      const q = foldText(text).replace(WARD_PREFIX, "");
      return bestMatches(byCode.get(provinceCode)?.wards ?? [], q);
    },
  };
}

/** Exact folded name first; else names starting with the query; else names containing it as words. */
function bestMatches<T extends { folded: string }>(items: T[], q: string): T[] {
  if (q.length === 0) return [];
  const exact = items.filter((i) => i.folded === q);
  if (exact.length > 0) return exact;
  const prefix = items.filter((i) => i.folded.startsWith(q + " ") || (q.length >= 3 && i.folded.startsWith(q)));
  if (prefix.length > 0) return prefix;
  return items.filter((i) => ` ${i.folded} `.includes(` ${q} `));
}
