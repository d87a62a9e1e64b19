// The kinds of danger the triage recognises. Listed in alphabetical order, which is also the order
// `detectDanger` reports them in. "plea" is a bare plea for help ("cứu", "help me") with nothing more
// specific: it is reported only when no other category is.

export const DANGER_CATEGORIES = ["child_at_risk", "held_or_sold", "overdose", "plea", "suicide", "violence"] as const;

export type DangerCategory = (typeof DANGER_CATEGORIES)[number];

/** Which category is the primary `kind` when several score the same: the most time-critical first. */
export const KIND_PRIORITY: readonly DangerCategory[] = ["overdose", "suicide", "violence", "child_at_risk", "held_or_sold", "plea"];

/** A message whose best surviving phrase or rule score is at least this is a crisis. */
export const CRISIS_THRESHOLD = 0.5;

/**
 * Match strengths: every word typed with the phrase's own diacritics (or the phrase has none); some words
 * typed without any marks; the same, for a phrase flagged ambiguousWhenFolded; some word typed with
 * other marks than the phrase's ("từ từ" against "tự tử": a different word, not a missing mark).
 */
export const MATCH_SCORE = { exact: 1, folded: 0.8, foldedAmbiguous: 0.3, otherMarks: 0.3 } as const;
