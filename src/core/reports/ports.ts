// Anonymous report facts (issue 13): every event a report counts is written, in the same transaction as
// the event itself, as a fact with no person, no case and no text: a kind, when, where (province and
// ward), a few categorical dimensions and a number. Erasing a person or purging old words never touches
// them, so a published figure never changes. Facts are append-only; a correction is a new fact with a
// negative value (e.g. attendance recounted), so a sum is always the current figure.

/** Every kind a report may count, and what its `value` and `dims` mean. */
export const FACT_KINDS = {
  /** A counselling request became a case. value 1. dims: priority (0 crisis, 1 high, 2 normal), concern, subject, channel. */
  "case.opened": "case.opened",
  /** A counsellor first answered a case. value = seconds from the case's opening. dims: priority, concern. */
  "case.first_reply": "case.first_reply",
  /** A crisis case was claimed. value = seconds from becoming a crisis to the claim. */
  "case.crisis_claimed": "case.crisis_claimed",
  /** A case was closed. value 1. dims: concern, outcome. Reopened: value −1 with the same dims. */
  "case.closed": "case.closed",
  /** A referral entered a status. value 1. dims: service kind, status, origin, reason (a code, never text). */
  "referral.status": "referral.status",
  /** A loan was reported as granted on a referral. value = amount in VND. */
  "referral.loan_amount": "referral.loan_amount",
  /** A person answered a follow-up question. value 1. dims: about (referral | club | case). */
  "followup.answered": "followup.answered",
  /** A club meeting was marked held (value 1) or the mark withdrawn (−1). dims: club (the club's id: clubs are not people), club kind. */
  "meeting.held": "meeting.held",
  /** Participants counted at a held meeting. value = participants (a recount adds the difference). dims: club, club kind. */
  "meeting.participants": "meeting.participants",
  /** A broadcast message reached one person. value 1. dims: audience kind, lane. */
  "broadcast.delivered": "broadcast.delivered",
} as const;

export type FactKind = keyof typeof FACT_KINDS;

export interface NewFact {
  kind: FactKind;
  at: Date;
  provinceCode?: number | null;
  wardCode?: number | null;
  /** Small categorical values only (codes, never free text or identifiers). */
  dims?: Record<string, string | number | boolean | null>;
  /** Defaults to 1. */
  value?: number;
  /**
   * Makes recording idempotent: a second fact with the same kind and source is ignored. Any string that
   * names the event (e.g. `case:<id>`); the store keeps only a keyed hash of it, never the string.
   */
  source?: string;
}

export interface ReportFact {
  kind: FactKind;
  at: Date;
  provinceCode: number | null;
  wardCode: number | null;
  dims: Record<string, string | number | boolean | null>;
  value: number;
}

export interface FactStore {
  /** Appends facts; one already recorded for the same (kind, source) is skipped. Returns how many were new. */
  record(facts: ReadonlyArray<NewFact>): Promise<number>;
  /** Facts of these kinds with `from <= at < to`, in the given provinces (all when absent). */
  list(filter: {
    kinds: ReadonlyArray<FactKind>;
    from: Date;
    to: Date;
    provinceCodes?: ReadonlyArray<number>;
    wardCodes?: ReadonlyArray<number>;
  }): Promise<ReportFact[]>;
}
