// Finds every phrase and concept word in one reading of a message, scores each match by how the words
// were typed, and drops the matches that do not count: those right after a negation ("chưa bao giờ đánh"),
// those overlapped by an everyday phrase at least as strong ("đánh răng", "đá bóng") unless they cover the
// whole everyday phrase themselves ("tắt máy" as "phone switched off" survives the everyday "tắt máy" that
// stops "tát" = slap), and danger phrases lying inside a longer, at least as strong danger phrase.
import type { DangerCatalogue } from "./compile-catalogue.ts";
import { NEGATION_CONCEPT } from "./compile-rules.ts";
import { MATCH_SCORE } from "./danger-categories.ts";
import { walkTrie, type PhraseEntry } from "./phrase-trie.ts";
import { BREAK_TOKEN, type Token } from "./tokenise-message.ts";

export interface Match {
  start: number;
  /** Exclusive. */
  end: number;
  score: number;
  entry: PhraseEntry;
}

export function findMatches(view: readonly Token[], catalogue: DangerCatalogue): Match[] {
  const folded = view.map((t) => t.folded);
  const out: Match[] = [];
  for (let start = 0; start < view.length; start++) {
    if (folded[start] === BREAK_TOKEN) continue;
    walkTrie(catalogue.trie, folded, start, catalogue.numbers, (entry) => {
      const score = strength(entry, view, start);
      if (!entry.exactOnly || score === MATCH_SCORE.exact) out.push({ start, end: start + entry.length, score, entry });
    });
  }
  return out;
}

/** Exact when every word was typed as written in the phrase; folded when some were typed bare. */
function strength(entry: PhraseEntry, view: readonly Token[], start: number): number {
  let folded = false;
  for (let i = 0; i < entry.length; i++) {
    const want = entry.exact[i]!;
    const got = view[start + i]!;
    if (want.startsWith("#") || got.exact === want) continue;
    if (!got.bare) return MATCH_SCORE.otherMarks;
    folded = true;
  }
  if (!folded) return MATCH_SCORE.exact;
  return entry.kind === "danger" && entry.ambiguousWhenFolded ? MATCH_SCORE.foldedAmbiguous : MATCH_SCORE.folded;
}

export const isNegation = (m: Match): boolean => m.entry.kind === "concept" && m.entry.concept === NEGATION_CONCEPT;

/**
 * Negations that count: typed at least as a folded match ("ko có ý định" read as "không có ý định"), and
 * not part of an everyday phrase ("có ai không" asks, it does not deny: "có ai không cứu em với").
 */
export function strongNegations(matches: readonly Match[]): Match[] {
  const harmless = matches.filter((m) => m.entry.kind === "harmless");
  return matches.filter((m) => isNegation(m) && m.score >= MATCH_SCORE.folded && !isHiddenBy(m, harmless));
}

const isHiddenBy = (m: Match, among: readonly Match[]): boolean => among.some((h) => overlaps(h, m) && !covers(m, h) && h.score >= m.score);

/** A match's span in typed words (a reading may have turned one typed word into several). */
export function typedSpan(m: Match, view: readonly Token[]): Match {
  const first = view[m.start]?.src ?? m.start;
  const last = view[m.end - 1]?.src ?? m.end - 1;
  return { ...m, start: first, end: last + 1 };
}

/**
 * Danger and concept matches that count (harmless and negation matches are consumed here).
 * `typedHarmless`: everyday phrases found in the words as typed, in typed-word positions, so a reading
 * that rewrote one of their words ("tho" → though) cannot hide them.
 * `typedNegations`: negations found in any reading, in typed-word positions, so a negation typed in one
 * language's shorthand ("ko có ý định") also holds in the other language's reading, which leaves "ko" alone.
 */
export function survivingMatches(
  matches: readonly Match[],
  view: readonly Token[],
  typedHarmless: readonly Match[] = [],
  typedNegations: readonly Match[] = [],
): Match[] {
  const negations = strongNegations(matches);
  const negated = (m: Match, among: readonly Match[]): boolean => among.some((n) => n.start < m.start && n.end >= m.start);
  const harmless = matches.filter((m) => m.entry.kind === "harmless");
  const danger = matches.filter((m) => m.entry.kind === "danger");
  return matches.filter((m) => {
    if (m.entry.kind === "harmless" || isNegation(m)) return false;
    if (negated(m, negations) || negated(typedSpan(m, view), typedNegations)) return false;
    if (isHiddenBy(m, harmless) || isHiddenBy(typedSpan(m, view), typedHarmless)) return false;
    return !(m.entry.kind === "danger" && isOutranked(m, danger));
  });
}

const overlaps = (a: Match, b: Match): boolean => a.start < b.end && b.start < a.end;
const covers = (a: Match, b: Match): boolean => a.start <= b.start && a.end >= b.end;

/** True when a strictly longer danger match covering `m` is at least as strong. */
function isOutranked(m: Match, all: readonly Match[]): boolean {
  return all.some((c) => c.start <= m.start && c.end >= m.end && c.end - c.start > m.end - m.start && c.score >= m.score);
}
