// Cases: anonymous counselling requests under a short handle, and what staff keep about them.
import type { ChannelName, Locale } from "../ports.ts";

export const CASE_PRIORITY = { crisis: 0, high: 1, normal: 2 } as const;

export const CASE_OUTCOMES = ["answered", "referred", "no_response", "duplicate", "out_of_scope"] as const;
export type CaseOutcome = (typeof CASE_OUTCOMES)[number];

export interface CaseRecord {
  id: string;
  handle: string;
  personId: string;
  subject: string;
  concern: string;
  urgency: string;
  provinceCode: number | null;
  wardCode: number | null;
  priority: number;
  dangerFlags: string[];
  status: "open" | "closed";
  locale: Locale;
  channel: ChannelName;
  createdAt: Date;
  /** When the person last wrote. */
  lastPersonMessageAt: Date;
  /** When the case became a crisis (priority 0); null for other cases. Escalation counts from here. */
  crisisSince: Date | null;
  /** The person's first message no counsellor has answered yet; null when a counsellor replied since. */
  waitingSince: Date | null;
}

/** A case as staff see it: with its outcome and who holds it. */
export interface CaseDetail extends CaseRecord {
  outcome: string | null;
  closedAt: Date | null;
  assignee: { id: string; displayName: string; claimedAt: Date } | null;
}

export type NewCase = Pick<
  CaseRecord,
  "personId" | "subject" | "concern" | "urgency" | "provinceCode" | "wardCode" | "priority" | "dangerFlags" | "locale" | "channel"
> & { crisisSince?: Date | null; createdAt?: Date };

/** An open crisis case still in the escalation window: what was done for it, and whether a counsellor wrote. */
export interface WaitingCrisis {
  case: CaseDetail & { crisisSince: Date };
  /** Escalation pings already sent (0, 1 or 2). */
  crisisPings: number;
  crisisNoticeAt: Date | null;
  /** True when a counsellor has written to the person since the crisis began. */
  answered: boolean;
}

/** Which cases a staff member may see: every case, or those in the provinces (and optionally those with no area). */
export type CaseScope = { kind: "all" } | { kind: "areas"; provinceCodes: number[]; includeNoArea: boolean } | { kind: "none" };

/**
 * The queue's order, decided here and applied by the store: the priority band, then who has waited
 * longest since their first unanswered message (a follow-up never pushes them back), then cases whose
 * person a counsellor has answered (waitingSince null), by their last message.
 */
export const QUEUE_ORDER = [
  { field: "priority", direction: "asc" },
  { field: "waitingSince", direction: "asc", nulls: "last" },
  { field: "lastPersonMessageAt", direction: "asc" },
] as const satisfies ReadonlyArray<{ field: keyof CaseRecord; direction: "asc" | "desc"; nulls?: "first" | "last" }>;

/** Narrows the queue: every field optional, all given ones must hold. */
export interface QueueFilter {
  priority?: number;
  concern?: string;
  provinceCode?: number | "none";
  /** "mine": held by `staffId`; "unclaimed": held by nobody. */
  holder?: { kind: "mine"; staffId: string } | { kind: "unclaimed" };
  /** Handle prefix, upper case without "#". */
  handle?: string;
}

export interface CaseStore {
  createCase(input: NewCase): Promise<CaseRecord>;
  /** The person's cases, newest first (at most 20). */
  listCases(personId: string): Promise<CaseRecord[]>;
  findOpenCase(personId: string): Promise<CaseRecord | null>;
  /** The person's most recently closed case when it closed at or after `closedSince`. */
  findRecentlyClosedCase(personId: string, closedSince: Date): Promise<CaseDetail | null>;
  /** Opens a closed case again (outcome and closedAt cleared); false when it was not closed. */
  reopenCase(caseId: string): Promise<boolean>;
  updateCase(
    caseId: string,
    patch: {
      priority?: number;
      dangerFlags?: string[];
      lastPersonMessageAt?: Date;
      waitingSince?: Date | null;
      crisisSince?: Date | null;
      crisisPings?: number;
      crisisNoticeAt?: Date | null;
    },
  ): Promise<void>;
  /** The person wrote at `at`: their last message time moves; their waiting time starts only if it had stopped. */
  notePersonMessage(caseId: string, at: Date): Promise<void>;
  /** A counsellor answered: the person is no longer waiting. */
  noteCounsellorReply(caseId: string): Promise<void>;
  findCaseByHandle(handle: string): Promise<CaseDetail | null>;
  findCaseById(caseId: string): Promise<CaseDetail | null>;
  /** Open cases in scope (and filter), in QUEUE_ORDER. */
  listQueue(scope: CaseScope, options: { limit: number; filter?: QueueFilter }): Promise<CaseDetail[]>;
  /** The staff member has seen the case's thread up to `at` (never moves back). */
  markCaseSeen(caseId: string, staffId: string, at: Date): Promise<void>;
  /** When the staff member last saw each of these cases; absent when never. */
  listCaseSeen(staffId: string, caseIds: string[]): Promise<Map<string, Date>>;
  /** A cheap fingerprint of the open cases in scope and their claims: changes when the queue does. */
  queueSignature(scope: CaseScope): Promise<string>;
  /** A cheap fingerprint of one case: changes when a message joins it, a delivery settles, or the case or its holder changes. */
  caseSignature(caseId: string): Promise<string>;
  /** Claims when unclaimed; false when someone holds it. */
  claimCase(caseId: string, staffId: string, now: Date): Promise<boolean>;
  /** Releases when held by `staffId` (or by anyone when staffId is null); false when nothing changed. */
  releaseCase(caseId: string, staffId: string | null): Promise<boolean>;
  /** Hands the case to another staff member, replacing any holder. */
  assignCase(caseId: string, staffId: string, now: Date): Promise<void>;
  closeCase(caseId: string, outcome: CaseOutcome, now: Date): Promise<boolean>;
  /** Open crisis cases whose escalation is not finished (fewer than 2 pings or no notice yet), oldest crisis first. */
  listWaitingCrises(limit: number): Promise<WaitingCrisis[]>;
  /** Records that escalation ping `round` went out; false when that round (or a later one) was recorded already. */
  markCrisisPings(caseId: string, round: number): Promise<boolean>;
  /** Records the waiting notice to the person; false when it was recorded already (so it is sent once). */
  markCrisisNotice(caseId: string, now: Date): Promise<boolean>;
}

export interface NoteRecord {
  id: string;
  author: string;
  body: string;
  createdAt: Date;
  /** Set when retention removed the note (days then in force); `body` is then empty. */
  removedAfterDays: number | null;
}

/** Internal notes on a case, sealed at rest. */
export interface CaseNoteStore {
  addNote(input: { caseId: string; staffId: string; body: string; now: Date }): Promise<NoteRecord>;
  listNotes(caseId: string): Promise<NoteRecord[]>;
}

export interface ReadyAnswerRecord {
  id: string;
  locale: string;
  title: string;
  body: string;
}

/** Ready answers counsellors insert into replies, per language. */
export interface ReadyAnswerStore {
  listCannedReplies(locale?: string): Promise<ReadyAnswerRecord[]>;
  getCannedReply(id: string): Promise<ReadyAnswerRecord | null>;
  saveCannedReply(input: { id?: string; locale: string; title: string; body: string }): Promise<ReadyAnswerRecord>;
  /** Adds all of them or none (one statement). Returns how many were added. */
  addCannedReplies(input: ReadonlyArray<{ locale: string; title: string; body: string }>): Promise<number>;
  deleteCannedReply(id: string): Promise<boolean>;
}
