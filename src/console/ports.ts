// What the console needs from storage: plain records, no Prisma types. src/store/console-*.ts
// implements this port; the composition root passes it in.
import type { CaseRecord, ChannelName, DeliveryStatus, MessageBody, SendStatus } from "../core/ports.ts";

export const STAFF_ROLES = ["admin", "supervisor", "counsellor", "club_leader"] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];

export const CASE_OUTCOMES = ["answered", "referred", "no_response", "duplicate", "out_of_scope"] as const;
export type CaseOutcome = (typeof CASE_OUTCOMES)[number];

export interface StaffRecord {
  id: string;
  email: string;
  displayName: string;
  role: StaffRole;
  active: boolean;
  locale: string;
  provinceCodes: number[];
  /** Pinged in their messenger for new crisis and high cases in their areas. */
  onDuty: boolean;
  /** A Telegram chat is linked (the chat id itself stays sealed in the store). */
  telegramLinked: boolean;
  createdAt: Date;
}

export interface StaffWithHash extends StaffRecord {
  passwordHash: string;
}

export interface SessionRecord {
  id: string;
  staff: StaffRecord;
  createdAt: Date;
  lastSeenAt: Date;
  expiresAt: Date;
}

/** "telegram": the one-time code a staff member sends to the bot to link their chat. */
export type StaffTokenKind = "setup" | "invite" | "reset" | "telegram";

export interface StaffTokenRecord {
  id: string;
  kind: StaffTokenKind;
  role: StaffRole | null;
  email: string | null;
  provinceCodes: number[];
  staffId: string | null;
  createdById: string | null;
  expiresAt: Date;
  usedAt: Date | null;
}

/** Which cases a staff member may see: every case, or those in the provinces (and optionally those with no area). */
export type CaseScope = { kind: "all" } | { kind: "areas"; provinceCodes: number[]; includeNoArea: boolean } | { kind: "none" };

export interface ConsoleCase extends CaseRecord {
  outcome: string | null;
  closedAt: Date | null;
  assignee: { id: string; displayName: string; claimedAt: Date } | null;
}

export interface ConsoleMessage {
  id: string;
  seq: number;
  direction: "inbound" | "outbound";
  author: "person" | "bot" | "counsellor";
  body: MessageBody;
  status: DeliveryStatus;
  createdAt: Date;
}

export interface NoteRecord {
  id: string;
  author: string;
  body: string;
  createdAt: Date;
}

export interface CannedReplyRecord {
  id: string;
  locale: string;
  title: string;
  body: string;
}

export interface AuditRecord {
  id: string;
  at: Date;
  actorId: string | null;
  actorName: string | null;
  action: string;
  caseId: string | null;
  /** The case's handle while the case exists. */
  caseHandle: string | null;
  targetId: string | null;
  /** The target staff member's display name, when the target is a staff account. */
  targetName: string | null;
  details: Record<string, unknown>;
}

export interface NewAudit {
  actorId: string | null;
  action: string;
  caseId?: string | null;
  targetId?: string | null;
  details?: Record<string, unknown>;
}

/** A staff member who may be pinged: on duty, active and Telegram-linked. */
export interface AlertRecipient {
  staff: StaffRecord;
  /** The linked Telegram chat id, unsealed. Secret: never log it. */
  telegramChatId: string;
}

export type StaffAlertStatus = "sending" | "sent" | "unreachable";

/** Staff messenger links and urgent-case pings (src/store/console-alerts.ts). */
export interface StaffAlertStore {
  /** Stores the chat id sealed on the account; any other account linked to the same chat loses it. */
  linkTelegram(staffId: string, chatId: string, now: Date): Promise<void>;
  unlinkTelegram(staffId: string): Promise<void>;
  /** The account linked to this chat, if any. */
  findStaffByTelegram(chatId: string): Promise<StaffRecord | null>;
  listAlertRecipients(): Promise<AlertRecipient[]>;
  findCaseById(caseId: string): Promise<ConsoleCase | null>;
  /** Reserves the (case, staff, priority) ping; null when it exists already (sent or being sent). */
  claimStaffAlert(input: { caseId: string; staffId: string; priority: number; now: Date }): Promise<string | null>;
  finishStaffAlert(id: string, status: Exclude<StaffAlertStatus, "sending">): Promise<void>;
  /** Drops a reservation whose send failed, so a retry of the job may try again. */
  dropStaffAlert(id: string): Promise<void>;
}

/** Sends plain text to staff in their messenger (Telegram). Absent when no messenger is configured. */
export interface StaffMessenger {
  /** The bot's username once known (getMe), for t.me deep links. */
  botUsername(): string | undefined;
  /** Never throws: per-recipient failures come back as a failure status. */
  send(chatId: string, text: string, locale: "vi" | "en"): Promise<SendStatus>;
}

export interface ConsoleStore extends StaffAlertStore {
  // Staff
  countStaff(): Promise<number>;
  createStaff(input: { email: string; displayName: string; role: StaffRole; passwordHash: string; provinceCodes: number[]; locale?: string }): Promise<StaffRecord>;
  findStaffByEmail(email: string): Promise<StaffWithHash | null>;
  getStaff(id: string): Promise<StaffRecord | null>;
  listStaff(): Promise<StaffRecord[]>;
  updateStaff(id: string, patch: { role?: StaffRole; active?: boolean; displayName?: string; provinceCodes?: number[]; passwordHash?: string; locale?: string; onDuty?: boolean }): Promise<void>;

  // Sessions
  createSession(input: { tokenHash: string; staffId: string; now: Date; expiresAt: Date }): Promise<void>;
  /** The session with its (active) staff, or null when unknown, expired or the account is disabled. */
  findSession(tokenHash: string, now: Date): Promise<SessionRecord | null>;
  touchSession(id: string, now: Date): Promise<void>;
  deleteSession(tokenHash: string): Promise<void>;
  deleteStaffSessions(staffId: string): Promise<number>;

  // Single-use links
  createStaffToken(input: { tokenHash: string; kind: StaffTokenKind; role?: StaffRole | null; email?: string | null; provinceCodes?: number[]; staffId?: string | null; createdById?: string | null; expiresAt: Date }): Promise<void>;
  /** The token when unused and unexpired. */
  findStaffToken(tokenHash: string, kind: StaffTokenKind, now: Date): Promise<StaffTokenRecord | null>;
  /** Marks the token used; false when someone else used it first. */
  useStaffToken(id: string, now: Date): Promise<boolean>;
  /** Unused, unexpired tokens of a kind (to avoid minting a new setup link on every start). */
  countLiveTokens(kind: StaffTokenKind, now: Date): Promise<number>;

  // Sign-in throttling
  countLoginFailures(account: string, ip: string, since: Date): Promise<number>;
  recordLoginFailure(account: string, ip: string, now: Date): Promise<void>;
  clearLoginFailures(account: string, ip: string): Promise<void>;

  // Cases
  listQueue(scope: CaseScope, options: { limit: number }): Promise<ConsoleCase[]>;
  /** A cheap fingerprint of the open cases in scope and their claims: changes when the queue does. */
  queueSignature(scope: CaseScope): Promise<string>;
  findCaseByHandle(handle: string): Promise<ConsoleCase | null>;
  caseChannel(caseId: string): Promise<ChannelName | null>;
  /** Claims when unclaimed; false when someone holds it. */
  claimCase(caseId: string, staffId: string, now: Date): Promise<boolean>;
  /** Releases when held by `staffId` (or by anyone when staffId is null); false when nothing changed. */
  releaseCase(caseId: string, staffId: string | null): Promise<boolean>;
  /** Hands the case to another staff member, replacing any holder. */
  assignCase(caseId: string, staffId: string, now: Date): Promise<void>;
  closeCase(caseId: string, outcome: CaseOutcome, now: Date): Promise<boolean>;
  listCaseMessages(caseId: string, limit: number): Promise<ConsoleMessage[]>;
  /** The newest counsellor message on a case (after a reply, to audit its id). */
  lastCounsellorMessageId(caseId: string): Promise<string | null>;

  // Notes and ready answers
  addNote(input: { caseId: string; staffId: string; body: string; now: Date }): Promise<NoteRecord>;
  listNotes(caseId: string): Promise<NoteRecord[]>;
  listCannedReplies(locale?: string): Promise<CannedReplyRecord[]>;
  getCannedReply(id: string): Promise<CannedReplyRecord | null>;
  saveCannedReply(input: { id?: string; locale: string; title: string; body: string }): Promise<CannedReplyRecord>;
  deleteCannedReply(id: string): Promise<boolean>;

  // Audit
  audit(entry: NewAudit, now: Date): Promise<void>;
  /** Newest first; by case, or every row when no case is given. */
  listAudit(filter: { caseId?: string; limit: number }): Promise<AuditRecord[]>;
}
