// The kinds of danger the triage recognises. Listed in alphabetical order, which is also the order
// `detectDanger` reports them in.

export const DANGER_CATEGORIES = ["child_at_risk", "held_or_sold", "overdose", "suicide", "violence"] as const;

export type DangerCategory = (typeof DANGER_CATEGORIES)[number];

/** A message whose best surviving phrase match scores at least this is a crisis. */
export const CRISIS_THRESHOLD = 0.5;

/** Match strengths: diacritics kept, folded only, folded only for a phrase flagged ambiguousWhenFolded. */
export const MATCH_SCORE = { exact: 1, folded: 0.8, foldedAmbiguous: 0.3 } as const;
