// Staff: console accounts with a role and areas, their sessions and single-use links, sign-in
// throttling, and the messenger link used for urgent-case pings.
import type { SendStatus } from "../ports.ts";

/** club_leader: runs their own clubs only and never sees cases. */
export const STAFF_ROLES = ["admin", "supervisor", "counsellor", "club_leader"] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];

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

/** A staff member who may be pinged: on duty, active and Telegram-linked. */
export interface AlertRecipient {
  staff: StaffRecord;
  /** The linked Telegram chat id, unsealed. Secret: never log it. */
  telegramChatId: string;
}

export type StaffAlertStatus = "sending" | "sent" | "unreachable";

export interface StaffStore {
  countStaff(): Promise<number>;
  createStaff(input: {
    email: string;
    displayName: string;
    role: StaffRole;
    passwordHash: string;
    provinceCodes: number[];
    locale?: string;
  }): Promise<StaffRecord>;
  findStaffByEmail(email: string): Promise<StaffWithHash | null>;
  getStaff(id: string): Promise<StaffRecord | null>;
  listStaff(): Promise<StaffRecord[]>;
  updateStaff(
    id: string,
    patch: { role?: StaffRole; active?: boolean; displayName?: string; provinceCodes?: number[]; passwordHash?: string; locale?: string; onDuty?: boolean },
  ): Promise<void>;
  /** Stores the chat id sealed on the account; any other account linked to the same chat loses it. */
  linkTelegram(staffId: string, chatId: string, now: Date): Promise<void>;
  unlinkTelegram(staffId: string): Promise<void>;
  /** The account linked to this chat, if any. */
  findStaffByTelegram(chatId: string): Promise<StaffRecord | null>;
  listAlertRecipients(): Promise<AlertRecipient[]>;
}

export interface SessionStore {
  createSession(input: { tokenHash: string; staffId: string; now: Date; expiresAt: Date }): Promise<void>;
  /** The session with its (active) staff, or null when unknown, expired or the account is disabled. */
  findSession(tokenHash: string, now: Date): Promise<SessionRecord | null>;
  touchSession(id: string, now: Date): Promise<void>;
  deleteSession(tokenHash: string): Promise<void>;
  deleteStaffSessions(staffId: string): Promise<number>;
}

export interface StaffTokenStore {
  createStaffToken(input: {
    tokenHash: string;
    kind: StaffTokenKind;
    role?: StaffRole | null;
    email?: string | null;
    provinceCodes?: number[];
    staffId?: string | null;
    createdById?: string | null;
    expiresAt: Date;
  }): Promise<void>;
  /** The token when unused and unexpired. */
  findStaffToken(tokenHash: string, kind: StaffTokenKind, now: Date): Promise<StaffTokenRecord | null>;
  /** Marks the token used; false when someone else used it first. */
  useStaffToken(id: string, now: Date): Promise<boolean>;
  /** Unused, unexpired tokens of a kind (to avoid minting a new setup link on every start). */
  countLiveTokens(kind: StaffTokenKind, now: Date): Promise<number>;
  /** Makes every unused token of a kind unusable (marked used now); returns how many. */
  revokeLiveTokens(kind: StaffTokenKind, now: Date): Promise<number>;
}

export interface SignInThrottleStore {
  countLoginFailures(account: string, ip: string, since: Date): Promise<number>;
  recordLoginFailure(account: string, ip: string, now: Date): Promise<void>;
  clearLoginFailures(account: string, ip: string): Promise<void>;
}

/** One row per (case, staff, priority) ping, so a retried job never pings twice. */
export interface StaffAlertStore {
  /** Reserves the (case, staff, priority, round) ping (round 0 unless an escalation); null when it exists already (sent or being sent). */
  claimStaffAlert(input: { caseId: string; staffId: string; priority: number; now: Date; round?: number }): Promise<string | null>;
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
