// Recognises danger (overdose, suicide or self-harm, violence, a child at risk, someone held or sold, or
// a bare plea for help) in one inbound message, also when typed without diacritics or in chat shorthand.
// Runs on every message: everything is precompiled by loadDangerCatalogue; nothing is compiled per call.
//
// The message is read once per language's shorthand table (vi: "ko" → không; en: "u" → you). In each
// reading, danger phrases score 1.0 when typed with their diacritics, 0.8 when typed without (0.3 for a
// phrase flagged ambiguousWhenFolded), 0.3 when a word carries other marks ("từ từ" is not "tự tử").
// Situation rules combine concepts ("a minor" + "forced" + "sex work") and score like their weakest word.
// Calm guards (an event told as history, a question about a topic, sport) scale scores down.
// The best reading wins. Bias to recall: a false alarm costs a message with emergency numbers, a miss
// costs far more. Caveat: only listed negations are understood ("chưa bao giờ đánh", "không đánh"); a
// negation found in one reading ("ko" read as không) holds in every reading.
import { CRISIS_THRESHOLD, DANGER_CATEGORIES, KIND_PRIORITY, KIND_TIE, type DangerCategory } from "./danger-categories.ts";
import type { DangerCatalogue } from "./compile-catalogue.ts";
import { TermSpots, guardFires, layoutOf, occurrencesOf, ruleScore } from "./evaluate-rules.ts";
import { findMatches, strongNegations, survivingMatches, typedSpan, type Match } from "./match-phrases.ts";
import { applyShorthand } from "./normalise-tokens.ts";
import { tokenise, type Token } from "./tokenise-message.ts";

export { CRISIS_THRESHOLD, DANGER_CATEGORIES, type DangerCategory } from "./danger-categories.ts";
export { compileDangerCatalogue, loadDangerCatalogue, type DangerCatalogue } from "./load-danger-catalogue.ts";

export interface DangerResult {
  crisis: boolean;
  /** Categories that reached the crisis threshold, unique, in DANGER_CATEGORIES order ("plea" only alone). */
  categories: DangerCategory[];
  /** Strongest danger score after guards, 0 when none. */
  score: number;
  /** The primary category for the crisis reply: highest score, near-ties (KIND_TIE) by KIND_PRIORITY; null when no crisis. */
  kind: DangerCategory | null;
  /** What fired for the reported categories ("phrase:…", "rule:…", "guard:…"): data ids, never message text. */
  reasons: string[];
}

interface Found {
  score: number;
  reasons: string[];
}

export function detectDanger(text: string, catalogue: DangerCatalogue): DangerResult {
  const best = new Map<DangerCategory, Found>();
  const typed = tokenise(text);
  const typedHarmless = findMatches(typed, catalogue).filter((m) => m.entry.kind === "harmless");
  const views = readings(typed, catalogue).map((view) => ({ view, matches: findMatches(view, catalogue) }));
  const typedNegations = views.flatMap(({ view, matches }) => strongNegations(matches).map((m) => typedSpan(m, view)));
  for (const { view, matches } of views) {
    for (const [category, found] of scoreReading(view, matches, catalogue, typedHarmless, typedNegations)) {
      if (found.score > (best.get(category)?.score ?? -1)) best.set(category, found);
    }
  }
  return summarise(best);
}

function readings(tokens: Token[], catalogue: DangerCatalogue): Token[][] {
  if (catalogue.shorthand.length === 0) return [tokens];
  const seen = new Set<string>();
  return catalogue.shorthand
    .map((table) => applyShorthand(tokens, table, catalogue.vocab))
    .filter((view) => {
      const key = view.map((t) => `${t.exact}/${t.folded}/${t.src ?? ""}`).join(" ");
      return !seen.has(key) && Boolean(seen.add(key));
    });
}

function scoreReading(
  view: Token[],
  all: readonly Match[],
  catalogue: DangerCatalogue,
  typedHarmless: readonly Match[],
  typedNegations: readonly Match[],
): Map<DangerCategory, Found> {
  const matches = survivingMatches(all, view, typedHarmless, typedNegations);
  const found = new Map<DangerCategory, Found>();
  // The reason is written only when the score wins: most rules score 0 on most messages.
  const beats = (category: DangerCategory, score: number): boolean => score > (found.get(category)?.score ?? 0);
  for (const m of matches) {
    if (m.entry.kind === "danger" && beats(m.entry.category, m.score)) found.set(m.entry.category, { score: m.score, reasons: [`phrase:${m.entry.phrase}`] });
  }
  const occ = occurrencesOf(matches, layoutOf(view));
  const spots = new TermSpots(occ);
  for (const rule of catalogue.rules) {
    const score = ruleScore(rule, spots);
    if (beats(rule.category, score)) found.set(rule.category, { score, reasons: [`rule:${rule.id}`] });
  }
  for (const guard of catalogue.guards) {
    if (!guardFires(guard, occ)) continue;
    for (const [category, f] of found) {
      if (guard.categories === null || guard.categories.includes(category)) {
        found.set(category, { score: f.score * guard.scale, reasons: [...f.reasons, `guard:${guard.id}`] });
      }
    }
  }
  return found;
}

function summarise(best: ReadonlyMap<DangerCategory, Found>): DangerResult {
  const score = Math.max(0, ...[...best.values()].map((f) => f.score));
  let categories = DANGER_CATEGORIES.filter((c) => (best.get(c)?.score ?? 0) >= CRISIS_THRESHOLD);
  if (categories.length > 1) categories = categories.filter((c) => c !== "plea");
  const top = Math.max(0, ...categories.map((c) => best.get(c)!.score));
  const kind = KIND_PRIORITY.find((c) => categories.includes(c) && best.get(c)!.score >= top - KIND_TIE - 1e-9) ?? null;
  const reasons = categories.flatMap((c) => best.get(c)!.reasons);
  return { crisis: categories.length > 0, categories, score, kind, reasons };
}
