// Builds the matching structures from already-validated files: one trie over folded words for every
// language's danger phrases, harmless phrases and concept words (people mix Vietnamese and English),
// the known-word vocabulary the shorthand repairs aim at, one shorthand table per language, and the rules.
// Problems are collected and thrown together, each naming its file and entry.
import { AppError } from "../../shared/errors/app-error.ts";
import { DANGER_CATEGORIES } from "./danger-categories.ts";
import { createTrieNode, insertPhrase, type NumberRange, type PhraseKind, type TrieNode } from "./phrase-trie.ts";
import { compileRules, type CompiledGuard, type CompiledRule } from "./compile-rules.ts";
import { compileShorthand, shorthandWords, type ShorthandTable } from "./normalise-tokens.ts";
import type { RulesFile } from "./rules-schema.ts";
import type { ShorthandFile } from "./shorthand-schema.ts";
import { BREAK_TOKEN, tokenise } from "./tokenise-message.ts";
import type { TriageFile } from "./triage-file-schema.ts";

export interface DangerCatalogue {
  readonly languages: readonly string[];
  readonly trie: TrieNode;
  readonly numbers: ReadonlyMap<string, NumberRange>;
  readonly vocab: ReadonlySet<string>;
  /** One reading of each message per table; no table → the words as typed. */
  readonly shorthand: readonly ShorthandTable[];
  readonly rules: readonly CompiledRule[];
  readonly guards: readonly CompiledGuard[];
}

export interface ExtraFiles {
  shorthand?: ShorthandFile;
  rules?: RulesFile;
}

export type FileKind = "triage" | "shorthand" | "rules";
/** Names a language's file in error messages. */
export type SourceName = (lng: string, kind: FileKind) => string;

const defaultSource: SourceName = (lng, kind) => `${lng}/${{ triage: "triage.json", shorthand: "shorthand.json", rules: "triage-rules.json" }[kind]}`;

export function compileDangerCatalogue(
  files: Readonly<Record<string, TriageFile>>,
  extras: Readonly<Record<string, ExtraFiles>> = {},
  source: SourceName = defaultSource,
): DangerCatalogue {
  const problems: string[] = [];
  const trie = createTrieNode();
  const vocab = new Set<string>();
  const add = (where: string, written: string, kind: PhraseKind): void => {
    const exactOnly = written.startsWith("=");
    const phrase = exactOnly ? written.slice(1) : written;
    const words = phraseWords(phrase);
    if (typeof words === "string") return void problems.push(`${where}: "${phrase}" ${words}`);
    if (kind.kind === "danger" && kind.ambiguousWhenFolded && words.every((w) => w.exact === w.folded)) {
      problems.push(`${where}: "${phrase}" is flagged ambiguousWhenFolded but has no diacritics to fold`);
    }
    if (exactOnly && words.every((w) => w.exact === w.folded)) problems.push(`${where}: "${written}" has no diacritics to require`);
    for (const w of words) vocab.add(w.folded);
    const entry = { ...kind, phrase, exact: words.map((w) => w.exact), length: words.length, exactOnly };
    insertPhrase(
      trie,
      words.map((w) => w.folded),
      entry,
    );
  };
  for (const [lng, file] of Object.entries(files)) addTriageFile(source(lng, "triage"), file, add);
  const compiled = compileRules(
    Object.entries(extras).flatMap(([lng, e]) => (e.rules ? [{ source: source(lng, "rules"), file: e.rules }] : [])),
    add,
    problems,
  );
  const shorthand = Object.values(extras).flatMap((e) => (e.shorthand ? [compileShorthand(e.shorthand)] : []));
  for (const table of shorthand) for (const w of shorthandWords(table)) vocab.add(w);
  if (problems.length > 0) throw catalogueError(problems);
  return Object.freeze({ languages: Object.freeze(Object.keys(files)), trie, vocab, shorthand, ...compiled });
}

function addTriageFile(where: string, file: TriageFile, add: (where: string, phrase: string, kind: PhraseKind) => void): void {
  for (const category of DANGER_CATEGORIES) {
    file.categories[category].forEach((p, i) =>
      add(`${where}: categories.${category}[${i}]`, p.phrase, { kind: "danger", category, ambiguousWhenFolded: p.ambiguousWhenFolded ?? false }),
    );
  }
  (file.harmless ?? []).forEach((p, i) => add(`${where}: harmless[${i}]`, p.phrase, { kind: "harmless" }));
}

/** A phrase's words; "#name" stays a number-class word. A string explains why the phrase is unusable. */
export function phraseWords(phrase: string): { exact: string; folded: string }[] | string {
  const out: { exact: string; folded: string }[] = [];
  for (const part of phrase.trim().split(/\s+/)) {
    if (/^#[a-z][a-z0-9_]*$/.test(part)) {
      out.push({ exact: part, folded: part });
      continue;
    }
    const tokens = tokenise(part);
    if (tokens.some((t) => t.exact === BREAK_TOKEN)) return "must be one run of words without sentence punctuation";
    out.push(...tokens.map((t) => ({ exact: t.exact, folded: t.folded })));
  }
  return out.length === 0 ? "has no words" : out;
}

export function catalogueError(problems: readonly string[]): AppError {
  return new AppError("invalid_config", `Invalid danger triage data; fix these and restart:\n${problems.join("\n")}`);
}
