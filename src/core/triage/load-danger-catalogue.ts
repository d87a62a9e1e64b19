// Reads locales/<lng>/triage.json for every language, validates it, and precompiles all phrases into two
// word tries (exact and folded) shared by every language: people mix Vietnamese and English.
import fs from "node:fs";
import path from "node:path";
import { z } from "zod";
import { AppError } from "../../shared/errors/app-error.ts";
import { LOCALES_DIR } from "../../shared/i18n/index.ts";
import { DANGER_CATEGORIES } from "./danger-categories.ts";
import { createTrieNode, insertPhrase, type PhraseEntry, type TrieNode } from "./phrase-trie.ts";
import { BREAK_TOKEN, tokeniseMessage } from "./tokenise-message.ts";
import { triageFileSchema, type TriageFile } from "./triage-file-schema.ts";

export interface DangerCatalogue {
  readonly languages: readonly string[];
  readonly exact: TrieNode;
  readonly folded: TrieNode;
}

const TRIAGE_FILE = "triage.json";

/** Loads every language that has a triage.json. Throws one error listing every problem found. */
export function loadDangerCatalogue(localesDir: string = LOCALES_DIR): DangerCatalogue {
  const files: Record<string, TriageFile> = {};
  const problems: string[] = [];
  for (const lng of fs.readdirSync(localesDir).sort()) {
    const file = path.join(localesDir, lng, TRIAGE_FILE);
    if (!fs.existsSync(file)) continue;
    try {
      const parsed = triageFileSchema.safeParse(JSON.parse(fs.readFileSync(file, "utf8")));
      if (parsed.success) files[lng] = parsed.data;
      else problems.push(`${file}:\n${z.prettifyError(parsed.error)}`);
    } catch (error) {
      problems.push(`${file}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  if (problems.length === 0 && Object.keys(files).length === 0) problems.push(`no ${TRIAGE_FILE} under ${localesDir}`);
  if (problems.length > 0) throw catalogueError(problems);
  return compileDangerCatalogue(files);
}

/** Builds the tries from already-validated files, keyed by language. Exposed for tests and tools. */
export function compileDangerCatalogue(files: Readonly<Record<string, TriageFile>>): DangerCatalogue {
  const exact = createTrieNode();
  const folded = createTrieNode();
  const problems: string[] = [];
  const add = (lng: string, phrase: string, entry: Omit<PhraseEntry, "length">): void => {
    const tokens = tokeniseMessage(phrase);
    if (tokens.exact.length === 0 || tokens.exact.includes(BREAK_TOKEN)) {
      problems.push(`${lng}: "${phrase}" must be one run of words without sentence punctuation`);
      return;
    }
    if (entry.ambiguousWhenFolded && tokens.exact.join(" ") === tokens.folded.join(" ")) {
      problems.push(`${lng}: "${phrase}" is flagged ambiguousWhenFolded but has no diacritics to fold`);
    }
    const full = { ...entry, length: tokens.exact.length };
    insertPhrase(exact, tokens.exact, full);
    insertPhrase(folded, tokens.folded, full);
  };
  for (const [lng, file] of Object.entries(files)) {
    for (const category of DANGER_CATEGORIES) {
      for (const p of file.categories[category]) add(lng, p.phrase, { category, ambiguousWhenFolded: p.ambiguousWhenFolded ?? false });
    }
    for (const p of file.harmless ?? []) add(lng, p.phrase, { category: null, ambiguousWhenFolded: false });
  }
  if (problems.length > 0) throw catalogueError(problems);
  return Object.freeze({ languages: Object.freeze(Object.keys(files)), exact, folded });
}

function catalogueError(problems: string[]): AppError {
  return new AppError("invalid_config", `Invalid danger phrase catalogue; fix these and restart:\n${problems.join("\n")}`);
}
