// Recognises danger (overdose, suicide or self-harm, violence, a child at risk, someone held or sold) in
// one inbound message, also when typed without diacritics. Runs on every message: all matching is done
// against tries precompiled by loadDangerCatalogue; nothing is compiled per call.
//
// Scoring: a phrase matched with its diacritics scores 1.0; matched only after folding, 0.8, or 0.3 when
// the phrase is flagged ambiguousWhenFolded. A match lying inside a longer match that is at least as
// strong is dropped (longer phrases win ties; a harmless phrase such as "bị đánh giá" can drop "bị đánh").
// Caveat: negation is not understood ("không muốn tự tử" still matches): on this path a false alarm
// costs a message with emergency numbers, a miss costs far more.
import { CRISIS_THRESHOLD, DANGER_CATEGORIES, MATCH_SCORE, type DangerCategory } from "./danger-categories.ts";
import type { DangerCatalogue } from "./load-danger-catalogue.ts";
import { walkTrie, type PhraseEntry } from "./phrase-trie.ts";
import { tokeniseMessage } from "./tokenise-message.ts";

export { CRISIS_THRESHOLD, DANGER_CATEGORIES, type DangerCategory } from "./danger-categories.ts";
export { compileDangerCatalogue, loadDangerCatalogue, type DangerCatalogue } from "./load-danger-catalogue.ts";

export interface DangerResult {
  crisis: boolean;
  /** Categories of the matches that reached the crisis threshold, unique, in DANGER_CATEGORIES order. */
  categories: DangerCategory[];
  /** Strongest surviving danger match, 0 when none. */
  score: number;
}

interface Match {
  start: number;
  end: number;
  score: number;
  category: DangerCategory | null;
}

export function detectDanger(text: string, catalogue: DangerCatalogue): DangerResult {
  const matches = findMatches(text, catalogue);
  let score = 0;
  const found = new Set<DangerCategory>();
  for (const m of matches) {
    if (m.category === null || isOutranked(m, matches)) continue;
    score = Math.max(score, m.score);
    if (m.score >= CRISIS_THRESHOLD) found.add(m.category);
  }
  const categories = DANGER_CATEGORIES.filter((c) => found.has(c));
  return { crisis: score >= CRISIS_THRESHOLD, categories, score };
}

function findMatches(text: string, catalogue: DangerCatalogue): Match[] {
  const tokens = tokeniseMessage(text);
  const matches: Match[] = [];
  for (let start = 0; start < tokens.exact.length; start++) {
    const push = (entry: PhraseEntry, score: number): void => {
      matches.push({ start, end: start + entry.length, score, category: entry.category });
    };
    walkTrie(catalogue.exact, tokens.exact, start, (e) => push(e, MATCH_SCORE.exact));
    walkTrie(catalogue.folded, tokens.folded, start, (e) =>
      push(e, e.ambiguousWhenFolded && e.category !== null ? MATCH_SCORE.foldedAmbiguous : MATCH_SCORE.folded),
    );
  }
  return matches;
}

/** True when a strictly longer match covering `m` is at least as strong. */
function isOutranked(m: Match, all: readonly Match[]): boolean {
  return all.some(
    (c) => c.start <= m.start && c.end >= m.end && c.end - c.start > m.end - m.start && c.score >= m.score,
  );
}
