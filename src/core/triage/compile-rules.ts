// Compiles the concepts, number classes, situation rules and calm guards of every triage-rules.json.
// Concept words from all languages are merged by concept name, so a rule also sees the other language's
// words for the same idea. Every cross-reference is checked here; problems name the file and the entry.
import type { DangerCategory } from "./danger-categories.ts";
import type { NumberRange, PhraseKind } from "./phrase-trie.ts";
import type { Guard, Rule, RulesFile } from "./rules-schema.ts";

/** A term: alternatives, any of which satisfies it ("^"/"$": clause start/end). */
export type Term = readonly string[];

export interface CompiledRule {
  readonly id: string;
  readonly category: DangerCategory;
  readonly all: readonly Term[];
  readonly seq: readonly Term[];
  readonly gap: number;
  readonly near: readonly Term[];
  readonly window: number;
  readonly of: readonly Term[];
  readonly atLeast: number;
  readonly unless: readonly string[];
  readonly weight: number;
}

export interface CompiledGuard {
  readonly id: string;
  readonly any: readonly string[];
  readonly unless: readonly string[];
  readonly scale: number;
  readonly categories: readonly DangerCategory[] | null;
}

export const NEGATION_CONCEPT = "negation";
const ANCHORS = new Set(["^", "$"]);

type Add = (where: string, phrase: string, kind: PhraseKind) => void;
interface Source {
  source: string;
  file: RulesFile;
}

export function compileRules(
  files: readonly Source[],
  add: Add,
  problems: string[],
): { numbers: Map<string, NumberRange>; rules: CompiledRule[]; guards: CompiledGuard[] } {
  const numbers = compileNumbers(files, problems);
  const concepts = new Set<string>();
  for (const { source, file } of files) {
    for (const [name, phrases] of Object.entries(file.concepts)) {
      concepts.add(name);
      phrases.forEach((phrase, i) => {
        const where = `${source}: concepts.${name}[${i}]`;
        for (const m of phrase.matchAll(/#([a-z][a-z0-9_]*)/g)) {
          if (!numbers.has(`#${m[1]}`)) problems.push(`${where}: "${phrase}" uses unknown number class "#${m[1]}"`);
        }
        add(where, phrase, { kind: "concept", concept: name });
      });
    }
  }
  const rules: CompiledRule[] = [];
  const guards: CompiledGuard[] = [];
  for (const { source, file } of files) {
    const ids = new Set<string>();
    const check = checker(concepts, problems);
    file.rules.forEach((rule, i) => {
      const where = `${source}: rules[${i}] "${rule.id}"`;
      if (ids.has(rule.id)) problems.push(`${where}: duplicate id`);
      ids.add(rule.id);
      rules.push(compileRule(rule, (terms, anchors) => check(where, terms, anchors)));
    });
    file.guards.forEach((guard, i) => {
      const where = `${source}: guards[${i}] "${guard.id}"`;
      guards.push(compileGuard(guard, (terms) => check(where, terms, false)));
    });
  }
  return { numbers, rules, guards };
}

function compileNumbers(files: readonly Source[], problems: string[]): Map<string, NumberRange> {
  const numbers = new Map<string, NumberRange>();
  for (const { source, file } of files) {
    file.numbers.forEach((n, i) => {
      const key = `#${n.name}`;
      const known = numbers.get(key);
      if (n.min > n.max) problems.push(`${source}: numbers[${i}] "${n.name}": min is above max`);
      else if (known && (known.min !== n.min || known.max !== n.max))
        problems.push(`${source}: numbers[${i}] "${n.name}": defined differently in another file`);
      else numbers.set(key, { min: n.min, max: n.max });
    });
  }
  return numbers;
}

type Check = (terms: readonly string[], anchors: boolean) => Term[];

function checker(concepts: ReadonlySet<string>, problems: string[]) {
  return (where: string, terms: readonly string[], anchors: boolean): Term[] =>
    terms.map((term, i) => {
      const alternatives = term.split("|");
      for (const a of alternatives) {
        if (ANCHORS.has(a)) {
          const ok = anchors && ((a === "^" && i === 0) || (a === "$" && i === terms.length - 1)) && alternatives.length === 1;
          if (!ok) problems.push(`${where}: "${a}" may only open (^) or close ($) a seq, alone`);
        } else if (!concepts.has(a)) problems.push(`${where}: unknown concept "${a}"`);
      }
      return alternatives;
    });
}

function compileRule(rule: Rule, check: Check): CompiledRule {
  return Object.freeze({
    id: rule.id,
    category: rule.category,
    all: check(rule.all ?? [], false),
    seq: check(rule.seq ?? [], true),
    gap: rule.gap ?? 0,
    near: check(rule.near ?? [], false),
    window: rule.window ?? 3,
    of: check(rule.of ?? [], false),
    atLeast: rule.atLeast ?? 2,
    unless: check(rule.unless ?? [], false).flat(),
    weight: rule.weight ?? 1,
  });
}

function compileGuard(guard: Guard, check: (terms: readonly string[]) => Term[]): CompiledGuard {
  return Object.freeze({
    id: guard.id,
    any: check(guard.any).flat(),
    unless: check(guard.unless ?? []).flat(),
    scale: guard.scale,
    categories: guard.categories ?? null,
  });
}
