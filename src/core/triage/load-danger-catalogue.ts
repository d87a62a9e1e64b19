// Reads, for every language folder under locales/, triage.json (danger and harmless phrases),
// shorthand.json (how people abbreviate) and triage-rules.json (concepts, situation rules, calm guards),
// validates them with zod and compiles them once at start. A broken file stops the start with one error
// listing every problem, each naming the file and the entry.
import fs from "node:fs";
import path from "node:path";
import { z } from "zod";
import { LOCALES_DIR } from "../../shared/i18n/index.ts";
import { catalogueError, compileDangerCatalogue, type DangerCatalogue, type ExtraFiles, type FileKind } from "./compile-catalogue.ts";
import { rulesFileSchema } from "./rules-schema.ts";
import { shorthandFileSchema } from "./shorthand-schema.ts";
import { triageFileSchema, type TriageFile } from "./triage-file-schema.ts";

export { compileDangerCatalogue, type DangerCatalogue, type ExtraFiles } from "./compile-catalogue.ts";

const FILE_NAMES: Record<FileKind, string> = { triage: "triage.json", shorthand: "shorthand.json", rules: "triage-rules.json" };

/** Loads every language that has a triage.json; its shorthand.json and triage-rules.json are optional. */
export function loadDangerCatalogue(localesDir: string = LOCALES_DIR): DangerCatalogue {
  const files: Record<string, TriageFile> = {};
  const extras: Record<string, ExtraFiles> = {};
  const problems: string[] = [];
  const fileOf = (lng: string, kind: FileKind): string => path.join(localesDir, lng, FILE_NAMES[kind]);
  for (const lng of fs.readdirSync(localesDir).sort()) {
    if (!fs.existsSync(fileOf(lng, "triage"))) continue;
    const triage = readJson(fileOf(lng, "triage"), triageFileSchema, problems);
    if (triage) files[lng] = triage;
    const shorthand = fs.existsSync(fileOf(lng, "shorthand")) ? readJson(fileOf(lng, "shorthand"), shorthandFileSchema, problems) : undefined;
    const rules = fs.existsSync(fileOf(lng, "rules")) ? readJson(fileOf(lng, "rules"), rulesFileSchema, problems) : undefined;
    extras[lng] = { ...(shorthand ? { shorthand } : {}), ...(rules ? { rules } : {}) };
  }
  if (problems.length === 0 && Object.keys(files).length === 0) problems.push(`no ${FILE_NAMES.triage} under ${localesDir}`);
  if (problems.length > 0) throw catalogueError(problems);
  return compileDangerCatalogue(files, extras, fileOf);
}

function readJson<T>(file: string, schema: z.ZodType<T>, problems: string[]): T | undefined {
  try {
    const parsed = schema.safeParse(JSON.parse(fs.readFileSync(file, "utf8")));
    if (parsed.success) return parsed.data;
    problems.push(`${file}:\n${z.prettifyError(parsed.error)}`);
  } catch (error) {
    problems.push(`${file}: ${error instanceof Error ? error.message : String(error)}`);
  }
  return undefined;
}
