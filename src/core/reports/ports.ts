// Anonymous report facts (issue 13): every event a report counts is written, in the same transaction as
// the event itself, as a fact with no person, no case and no text: a kind, when, where (province and
// ward), a few categorical dimensions and a number. Erasing a person or purging old words never touches
// them, so a published figure never changes. Facts are append-only; a correction is a new fact with a
// negative value (e.g. attendance recounted), so a sum is always the current figure.

/** Every kind a report may count, and what its `value` and `dims` mean. */
export const FACT_KINDS = {
  /** A counselling request became a case. value 1. dims: priority (0 crisis, 1 high, 2 normal), concern, subject, channel. Area: the case's province and ward. */
  "case.opened": "case.opened",
  /** A counsellor first answered a case (once per case, reopened or not). value = seconds from the case's opening. dims: priority, concern. Area: the case's. */
  "case.first_reply": "case.first_reply",
  /** A crisis case was claimed (the first claim of each crisis). value = seconds from becoming a crisis to the claim. dims: concern. Area: the case's. */
  "case.crisis_claimed": "case.crisis_claimed",
  /** A case was closed. value 1. dims: concern, outcome. Reopened: value −1 with the same dims, dated at the reopening. Area: the case's. */
  "case.closed": "case.closed",
  /**
   * A referral reached a status, once per referral and (status, reason): a status set again, or the
   * same reason given again (not_yet twice), is not counted again. value 1. dims: kind (the service's kind in the directory), status, origin
   * (chat | counsellor), reason (a code or null, never text). Area: the referral's province (from the
   * case or the person's choice); ward null.
   */
  "referral.status": "referral.status",
  /** A loan was reported as granted on a referral (kind loan, marked attended; one per referral). value = amount in VND. dims: kind. Area: the referral's province. */
  "referral.loan_amount": "referral.loan_amount",
  /**
   * A person answered a follow-up question (once per question asked). value 1. dims: about (referral |
   * club), answer (referral: went | not_yet | failed | stop; club check-in: yes | no; missed meetings:
   * okay | talk). Area: the referral's province, or the club's province and ward.
   */
  "followup.answered": "followup.answered",
  /** A club meeting was marked held (value 1) or the mark withdrawn (−1). dims: club (the club's id: clubs are not people), clubKind. Dated at the meeting's start; area: the club's. */
  "meeting.held": "meeting.held",
  /** Participants counted at a held meeting. value = participants (a recount adds the difference; not held takes them back). dims: club, clubKind. Dated and placed as meeting.held. */
  "meeting.participants": "meeting.participants",
  /**
   * A broadcast message reached one person (settled as sent; once per message). value 1. dims: audience
   * (club | area_subscribers | all_opted_in), channel, club (id or null). Dated at the send. Area: the
   * broadcast's province, else its club's province and ward, else the recipient's tip-subscription
   * province, else none.
   */
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
