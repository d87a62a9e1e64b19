// The kinds of danger the triage recognises. Listed in alphabetical order, which is also the order
// `detectDanger` reports them in. "plea" is a bare plea for help ("cứu", "help me") with nothing more
// specific: it is reported only when no other category is.

export const DANGER_CATEGORIES = ["child_at_risk", "held_or_sold", "overdose", "plea", "suicide", "violence"] as const;

export type DangerCategory = (typeof DANGER_CATEGORIES)[number];

/**
 * Which category is the primary `kind` when several score the same. A tie between two categories is
 * usually one situation seen twice, so the more specific reading wins: suicide before overdose (pills
 * taken with a farewell or a threat; the suicide steps start with "if anything was taken, call 115"),
 * a child or someone held before violence (a child beaten, a worker beaten in a compound: those steps
 * also start with 113), violence before a bare plea.
 */
export const KIND_PRIORITY: readonly DangerCategory[] = ["suicide", "overdose", "child_at_risk", "held_or_sold", "violence", "plea"];

/**
 * Scores this close count as a tie when choosing the kind: a rule typed with its diacritics scores 1.0
 * and the same rule typed bare or in shorthand ("16t") 0.8, and how a word was typed should not decide
 * whether a beaten child is reported as a child at risk or as violence.
 */
export const KIND_TIE = 0.2;

/** A message whose best surviving phrase or rule score is at least this is a crisis. */
export const CRISIS_THRESHOLD = 0.5;

/**
 * Match strengths: every word typed with the phrase's own diacritics (or the phrase has none); some words
 * typed without any marks; the same, for a phrase flagged ambiguousWhenFolded; some word typed with
 * other marks than the phrase's ("từ từ" against "tự tử": a different word, not a missing mark).
 */
export const MATCH_SCORE = { exact: 1, folded: 0.8, foldedAmbiguous: 0.3, otherMarks: 0.3 } as const;
