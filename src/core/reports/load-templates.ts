// Reads and checks every indicator template at start (templates/*.json, one template per file).
// A broken file fails the start with one AppError naming the file, the template and the indicator code.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { AppError } from "../../shared/errors/app-error.ts";
import { templateSchema, type ReportTemplate } from "./template-schema.ts";

export const TEMPLATES_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), "templates");

/** The code of the indicator a zod issue path points into, read from the raw JSON. */
function indicatorCodeAt(raw: unknown, issuePath: ReadonlyArray<PropertyKey>): string | undefined {
  const [sections, s, indicators, i] = issuePath;
  if (sections !== "sections" || indicators !== "indicators") return undefined;
  const node = (raw as { sections?: Array<{ indicators?: Array<{ code?: unknown }> }> }).sections?.[Number(s)]?.indicators?.[Number(i)];
  return typeof node?.code === "string" ? node.code : `#${String(i)}`;
}

/** Checks one template's JSON; throws AppError invalid_config naming the indicator's code when one is broken. */
export function parseTemplate(raw: unknown, source: string): ReportTemplate {
  const parsed = templateSchema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const id = typeof (raw as { id?: unknown })?.id === "string" ? (raw as { id: string }).id : source;
  const problems = parsed.error.issues.map((issue) => {
    const code = indicatorCodeAt(raw, issue.path);
    const where = issue.path.join(".");
    return code ? `indicator ${code}: ${issue.message} (${where})` : `${issue.message} (${where || "template"})`;
  });
  const codes = parsed.error.issues.map((i) => indicatorCodeAt(raw, i.path)).filter((c): c is string => c !== undefined);
  throw new AppError("invalid_config", `report template "${id}" (${source}) is broken: ${problems.join("; ")}`, {
    details: { template: id, indicators: [...new Set(codes)] },
  });
}

/** Every template in `dir`, in file-name order. Throws on the first broken file or a repeated id. */
export function loadTemplates(dir = TEMPLATES_DIR): ReportTemplate[] {
  const files = fs
    .readdirSync(dir)
    .filter((f) => f.endsWith(".json"))
    .sort();
  const templates: ReportTemplate[] = [];
  for (const file of files) {
    let raw: unknown;
    try {
      raw = JSON.parse(fs.readFileSync(path.join(dir, file), "utf8"));
    } catch (cause) {
      throw new AppError("invalid_config", `report template ${file} is not valid JSON: ${(cause as Error).message}`, { cause });
    }
    const template = parseTemplate(raw, file);
    if (templates.some((t) => t.id === template.id)) throw new AppError("invalid_config", `report template id "${template.id}" is used twice (${file})`);
    templates.push(template);
  }
  if (templates.length === 0) throw new AppError("invalid_config", `no report template in ${dir}`);
  return templates;
}
