// Finds every phrase and concept word in one reading of a message, scores each match by how the words
// were typed, and drops the matches that do not count: those right after a negation ("chưa bao giờ đánh"),
// those overlapped by an everyday phrase at least as strong ("đánh răng", "đá bóng") unless they cover the
// whole everyday phrase themselves ("tắt máy" as "phone switched off" survives the everyday "tắt máy" that
// stops "tát" = slap), and danger phrases lying inside a longer, at least as strong danger phrase.
import type { DangerCatalogue } from "./compile-catalogue.ts";
import { NEGATION_CONCEPT } from "./compile-rules.ts";
import { MATCH_SCORE } from "./danger-categories.ts";
import { walkTrie, type PhraseEntry } from "./phrase-trie.ts";
import { BREAK_TOKEN, tokenise, type Token } from "./tokenise-message.ts";

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
  const denied = closingDenials(view);
  return matches.filter((m) => {
    if (m.entry.kind === "harmless" || isNegation(m)) return false;
    if (negated(m, negations) || negated(typedSpan(m, view), typedNegations)) return false;
    if (denied(m)) return false;
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

// Words that may follow a closing "đâu" in the same clause: "… đâu mà", "… đâu mẹ", "… đâu nha chị".
const AFTER_DAU = new Set(
  ["mà", "nha", "nhé", "nhe", "ạ", "à", "ơi", "mẹ", "má", "bố", "ba", "chị", "anh", "em", "con", "cô", "chú", "bà", "ông"].map(exactOf),
);

/**
 * A clause closing with "đâu" denies: "nó có đánh con đâu" (he did not hit me), "tui có bị nhốt đâu",
 * "đánh nhau gì đâu". Only typed with marks (bare "dau" is also đau, đầu, dầu; bare "co" is also cô), and
 * only what starts one or two words after "có" or ends right before "gì đâu", so "mẹ có biết nó đánh con
 * thế nào đâu" (mom does not know how he beats me) and "con hổng làm phiền má lâu nữa đâu" keep their danger.
 */
function closingDenials(view: readonly Token[]): (m: Match) => boolean {
  const afterCo = new Set<number>();
  const beforeGi = new Set<number>();
  let end = view.length;
  for (let i = view.length - 1; i >= -1; i--) {
    if (i >= 0 && view[i]!.folded !== BREAK_TOKEN) continue;
    const start = i + 1;
    let q = end - 1;
    for (let k = 0; k < 3 && q > start && !isMarked(view[q]!, "đâu") && AFTER_DAU.has(view[q]!.exact); k++) q--;
    if (q > start && isMarked(view[q]!, "đâu")) {
      if (isMarked(view[q - 1]!, "gì")) beforeGi.add(q - 1);
      for (let c = start; c < q; c++) {
        if (!isMarked(view[c]!, "có")) continue;
        afterCo.add(c + 1);
        if (c + 2 < q) afterCo.add(c + 2);
      }
    }
    end = i;
  }
  return (m) => afterCo.has(m.start) || beforeGi.has(m.end);
}

/** A word's exact form as the tokeniser writes it (tone marks in canonical position). */
function exactOf(word: string): string {
  return tokenise(word)[0]!.exact;
}

const MARKED = new Map(["đâu", "gì", "có"].map((w) => [w, exactOf(w)]));
const isMarked = (t: Token, word: string): boolean => !t.bare && t.exact === MARKED.get(word);
