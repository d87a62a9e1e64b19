// The facts each event records (vocabulary in ports.ts), built from the records the operations already
// hold. Each `source` names the event so recording it twice (a retried turn or job, a double submit)
// counts once; the store keeps only a keyed hash of it. No fact carries a person, a case or any text.
import type { CaseRecord } from "../cases/ports.ts";
import type { ReferralRecord, ReferralStatus } from "../referral/ports.ts";
import type { NewFact } from "./ports.ts";

type CaseFacts = Pick<CaseRecord, "id" | "priority" | "concern" | "subject" | "channel" | "provinceCode" | "wardCode" | "createdAt">;
const area = (k: { provinceCode: number | null; wardCode?: number | null }) => ({ provinceCode: k.provinceCode, wardCode: k.wardCode ?? null });
const seconds = (from: Date, to: Date) => Math.max(0, Math.round((to.getTime() - from.getTime()) / 1000));

export function caseOpenedFact(k: CaseFacts): NewFact {
  return {
    kind: "case.opened",
    at: k.createdAt,
    ...area(k),
    dims: { priority: k.priority, concern: k.concern, subject: k.subject, channel: k.channel },
    source: `case:${k.id}`,
  };
}

/** Offered on every counsellor reply: only the case's first one is kept (one source per case). */
export function firstReplyFact(k: CaseFacts, now: Date): NewFact {
  return {
    kind: "case.first_reply",
    at: now,
    ...area(k),
    dims: { priority: k.priority, concern: k.concern },
    value: seconds(k.createdAt, now),
    source: `case:${k.id}`,
  };
}

/** Offered on every claim of a crisis case: only the first claim of each crisis (keyed by crisisSince) is kept. */
export function crisisClaimedFact(k: CaseFacts & { crisisSince: Date }, now: Date): NewFact {
  return {
    kind: "case.crisis_claimed",
    at: now,
    ...area(k),
    dims: { concern: k.concern },
    value: seconds(k.crisisSince, now),
    source: `case:${k.id}:crisis:${k.crisisSince.getTime()}`,
  };
}

/**
 * A close (+1) or the reopening that undoes it (−1). Each round is keyed by the close time, which the
 * reopening still knows (the closed record), so a retried close or reopen counts once per round.
 */
export function caseClosedFact(k: CaseFacts, o: { outcome: string; closedAt: Date; reopenedAt?: Date }): NewFact {
  return {
    kind: "case.closed",
    at: o.reopenedAt ?? o.closedAt,
    ...area(k),
    dims: { concern: k.concern, outcome: o.outcome },
    value: o.reopenedAt ? -1 : 1,
    source: `case:${k.id}:${o.reopenedAt ? "reopened" : "closed"}:${o.closedAt.getTime()}`,
  };
}

/**
 * A referral reaching a status (with a reason: "not yet", "stop asking"), once per referral: marking it
 * attended twice, or answering "not yet" twice, is one referral that got there, which is what the
 * programmes count (18 families helped to a loan, not 18 clicks).
 */
export function referralStatusFact(
  r: Pick<ReferralRecord, "id" | "origin" | "provinceCode"> & { service: Pick<ReferralRecord["service"], "kind"> },
  o: { status: ReferralStatus; reason?: string | null; now: Date },
): NewFact {
  return {
    kind: "referral.status",
    at: o.now,
    provinceCode: r.provinceCode,
    wardCode: null,
    dims: { kind: r.service.kind, status: o.status, origin: r.origin, reason: o.reason ?? null },
    source: `referral:${r.id}:${o.status}:${o.reason ?? ""}`,
  };
}

/** The amount a counsellor reported for a loan referral; one per referral (a later entry is ignored). */
export function loanAmountFact(
  r: Pick<ReferralRecord, "id" | "provinceCode"> & { service: Pick<ReferralRecord["service"], "kind"> },
  amount: number,
  now: Date,
): NewFact {
  return {
    kind: "referral.loan_amount",
    at: now,
    provinceCode: r.provinceCode,
    wardCode: null,
    dims: { kind: r.service.kind },
    value: amount,
    source: `referral:${r.id}:loan`,
  };
}

/** A person answered a follow-up question; `source` names the question (one fact per question asked). */
export function followUpAnsweredFact(o: {
  about: "referral" | "club";
  answer: string;
  provinceCode: number | null;
  wardCode?: number | null;
  now: Date;
  source: string;
}): NewFact {
  return {
    kind: "followup.answered",
    at: o.now,
    provinceCode: o.provinceCode,
    wardCode: o.wardCode ?? null,
    dims: { about: o.about, answer: o.answer },
    source: o.source,
  };
}

export interface MeetingFactsInput {
  meeting: { id: string; clubId: string; clubKind: string; provinceCode: number; wardCode: number | null; startsAt: Date };
  /** Participants count only while held (a not-held record's total is 0). */
  before: { held: boolean; participants: number };
  after: { held: boolean; participants: number };
  now: Date;
}

/**
 * What a (re)recorded meeting changes: held +1 / −1 when the mark changes, participants by the
 * difference. Dated at the meeting's start (the period it belongs to); keyed by the recording time.
 */
export function meetingFacts(o: MeetingFactsInput): NewFact[] {
  const m = o.meeting;
  const base = { at: m.startsAt, provinceCode: m.provinceCode, wardCode: m.wardCode, dims: { club: m.clubId, clubKind: m.clubKind } };
  // No source: `before` is read under the meeting's row lock in the transaction that writes the facts, so
  // each change is recorded exactly once, and two recounts in the same millisecond are still two changes.
  const facts: NewFact[] = [];
  if (o.before.held !== o.after.held) facts.push({ ...base, kind: "meeting.held", value: o.after.held ? 1 : -1 });
  const diff = (o.after.held ? o.after.participants : 0) - (o.before.held ? o.before.participants : 0);
  if (diff !== 0) facts.push({ ...base, kind: "meeting.participants", value: diff });
  return facts;
}
