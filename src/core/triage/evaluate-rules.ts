// Scores the situation rules on the surviving concept matches of one reading of a message.
// A rule scores weight × the weakest match it used (so a rule built from words typed without diacritics
// scores like a folded phrase); 0 when it does not apply.
import type { CompiledGuard, CompiledRule, Term } from "./compile-rules.ts";
import { MATCH_SCORE } from "./danger-categories.ts";
import type { Match } from "./match-phrases.ts";
import { BREAK_TOKEN, type Token } from "./tokenise-message.ts";

interface Spot {
  start: number;
  end: number;
  score: number;
  clause: number;
}

export interface Layout {
  /** Clause number of each token (BREAK tokens belong to the clause they close). */
  clause: number[];
  starts: number[];
  ends: number[];
}

export type Occurrences = ReadonlyMap<string, readonly Spot[]>;

export function layoutOf(view: readonly Token[]): Layout {
  const clause: number[] = [];
  const starts = [0];
  const ends: number[] = [];
  view.forEach((t, i) => {
    clause.push(starts.length - 1);
    if (t.folded === BREAK_TOKEN) {
      ends.push(i);
      starts.push(i + 1);
    }
  });
  ends.push(view.length);
  return { clause, starts, ends };
}

export function occurrencesOf(matches: readonly Match[], layout: Layout): Map<string, Spot[]> {
  const out = new Map<string, Spot[]>();
  const anchors = (at: number[]): Spot[] => at.map((p, c) => ({ start: p, end: p, score: 1, clause: c }));
  out.set("^", anchors(layout.starts));
  out.set("$", anchors(layout.ends));
  for (const m of matches) {
    if (m.entry.kind !== "concept") continue;
    const list = out.get(m.entry.concept) ?? [];
    list.push({ start: m.start, end: m.end, score: m.score, clause: layout.clause[m.start] ?? 0 });
    out.set(m.entry.concept, list);
  }
  return out;
}

/**
 * A concept counts for a guard or a veto only when typed as its own word, with or without marks: a word
 * carrying other marks is a different word ("đàng hoàng" holds no "đang", so it cannot veto "told as history").
 */
const NONE: readonly Spot[] = [];

function present(concept: string, occ: Occurrences): boolean {
  for (const s of occ.get(concept) ?? NONE) if (s.score > MATCH_SCORE.otherMarks) return true;
  return false;
}

/** Any of the concepts present (a loop, not `some`: this runs for every rule on every message). */
function anyPresent(concepts: readonly string[], occ: Occurrences): boolean {
  for (const c of concepts) if (present(c, occ)) return true;
  return false;
}

/** Spots of a term ("a|b"), computed once per reading: rules share terms. */
export class TermSpots {
  private readonly cache = new Map<Term, readonly Spot[]>();
  readonly occ: Occurrences;

  constructor(occ: Occurrences) {
    this.occ = occ;
  }

  of(term: Term): readonly Spot[] {
    let spots = this.cache.get(term);
    if (spots === undefined) {
      spots = term.length === 1 ? (this.occ.get(term[0]!) ?? NONE) : term.flatMap((c) => this.occ.get(c) ?? NONE);
      this.cache.set(term, spots);
    }
    return spots;
  }

  best(term: Term): number {
    let best = 0;
    for (const s of this.of(term)) if (s.score > best) best = s.score;
    return best;
  }
}

export function ruleScore(rule: CompiledRule, spots: TermSpots): number {
  // The terms first: on most messages a rule's first term is absent, and that settles it.
  let weakest = 1;
  for (const term of rule.all) {
    weakest = Math.min(weakest, spots.best(term));
    if (weakest === 0) return 0;
  }
  if (anyPresent(rule.unless, spots.occ)) return 0;
  if (rule.all.length > 1) weakest = Math.min(weakest, bestApart(rule.all, spots));
  if (rule.of.length > 0) weakest = Math.min(weakest, rule.of.map((t) => spots.best(t)).sort((a, b) => b - a)[rule.atLeast - 1] ?? 0);
  if (weakest > 0 && rule.seq.length > 0) weakest = Math.min(weakest, bestChain(rule.seq, rule.gap, spots));
  if (weakest > 0 && rule.near.length === 2) weakest = Math.min(weakest, bestNear(rule.near[0]!, rule.near[1]!, rule.window, spots));
  return rule.weight * weakest;
}

/**
 * Best weakest link when the terms of `all` do not split the same words two ways: bare "bi ban dam" is
 * "bị bạn đấm", and its "ban" cannot end "bị bán" and start "bán dâm". A word inside a longer match of
 * another term is one reading and still counts ("kicking" in "kicking the door").
 */
function bestApart(terms: readonly Term[], spots: TermSpots): number {
  const used: Spot[] = [];
  const pick = (k: number, weakest: number): number => {
    if (k === terms.length) return weakest;
    let best = 0;
    for (const s of spots.of(terms[k]!)) {
      if (s.score <= best || used.some((u) => crosses(u, s))) continue;
      used.push(s);
      best = Math.max(best, pick(k + 1, Math.min(weakest, s.score)));
      used.pop();
    }
    return best;
  };
  return pick(0, 1);
}

/** Overlapping with neither inside the other: the same words read two different ways. */
const crosses = (a: Spot, b: Spot): boolean =>
  a.start < b.end && b.start < a.end && !(a.start <= b.start && a.end >= b.end) && !(b.start <= a.start && b.end >= a.end);

/** Best (strongest weakest link) chain of the terms in order inside one clause. */
function bestChain(terms: readonly Term[], gap: number, spots: TermSpots): number {
  const follow = (prev: Spot, k: number, weakest: number): number => {
    if (k === terms.length) return weakest;
    let best = 0;
    for (const s of spots.of(terms[k]!)) {
      if (s.clause === prev.clause && s.start >= prev.end && s.start - prev.end <= gap) {
        best = Math.max(best, follow(s, k + 1, Math.min(weakest, s.score)));
      }
    }
    return best;
  };
  let best = 0;
  for (const s of spots.of(terms[0]!)) best = Math.max(best, follow(s, 1, s.score));
  return best;
}

function bestNear(a: Term, b: Term, window: number, spots: TermSpots): number {
  let best = 0;
  for (const x of spots.of(a)) {
    for (const y of spots.of(b)) {
      const apart = Math.max(x.start, y.start) - Math.min(x.end, y.end);
      if (x.clause === y.clause && apart >= 0 && apart <= window) best = Math.max(best, Math.min(x.score, y.score));
    }
  }
  return best;
}

export function guardFires(guard: CompiledGuard, occ: Occurrences): boolean {
  return anyPresent(guard.any, occ) && !anyPresent(guard.unless, occ);
}
