// Attendance and the alerts (issue 10, part C): the records and the store port. The store implements it and
// decides nothing; the rules live beside it (record-attendance.ts, attendance-time.ts, the run-* files).
import type { StaffRecord } from "../staff/ports.ts";

/** Why a meeting was not held: short codes, never free text. */
export const NOT_HELD_REASONS = ["weather", "no_quorum", "leader_unavailable", "venue", "holiday", "other"] as const;
export type NotHeldReason = (typeof NOT_HELD_REASONS)[number];

/** Why a member was absent (optional). */
export const ABSENT_REASONS = ["sick", "work", "family", "travel", "unknown"] as const;
export type AbsentReason = (typeof ABSENT_REASONS)[number];

/** MeetingNotice kinds this part adds: the "Did you come today?" question and the missed-meetings check-in. */
export const ATTENDANCE_NOTICE_KINDS = ["check_in", "missed_check_in"] as const;
export type AttendanceNoticeKind = (typeof ATTENDANCE_NOTICE_KINDS)[number];

/** A meeting's record before a save: held or not, and its participants total. */
export interface MeetingRecordBefore {
  held: boolean;
  participants: number;
}

export interface AttendanceMeeting {
  id: string;
  clubId: string;
  clubName: string;
  /** family_club | self_help_group | youth_group */
  clubKind: string;
  provinceCode: number;
  wardCode: number | null;
  startsAt: Date;
  /** scheduled | cancelled | held | not_held */
  status: string;
  notHeldReason: string | null;
  walkIns: number;
  participantsTotal: number;
  checkInEnabled: boolean;
}

/** One line of the attendance sheet: a current member (or anyone already recorded). */
export interface AttendanceLine {
  personId: string;
  /** The name the member chose for the leader (unsealed here). */
  displayName: string;
  /** yes | no | maybe, or null when they did not answer. */
  rsvp: string | null;
  /** null: not recorded yet. */
  present: boolean | null;
  reason: string | null;
  /** staff | self_check_in */
  recordedBy: string | null;
}

export interface HeldRecord {
  meetingId: string;
  walkIns: number;
  participantsTotal: number;
  lines: Array<{ personId: string; present: boolean; reason: string | null }>;
  now: Date;
}

export interface QuietClub {
  id: string;
  name: string;
  kind: string;
  provinceCode: number;
  wardCode: number | null;
  /** The start of the newest meeting recorded as held, any time; null: never. */
  lastHeldAt: Date | null;
}

/** A follow-up member's recorded attendance at the held meetings of one club, oldest first. */
export interface FollowUpHistory {
  clubId: string;
  personId: string;
  provinceCode: number;
  wardCode: number | null;
  meetings: Array<{ meetingId: string; startsAt: Date; present: boolean }>;
}

export interface DigestRecipient {
  staff: StaffRecord;
  /** The linked Telegram chat, unsealed. Secret: never log it. */
  telegramChatId: string;
}

export interface AttendanceStore {
  getAttendanceMeeting(meetingId: string): Promise<AttendanceMeeting | null>;
  isClubLeader(clubId: string, staffId: string): Promise<boolean>;
  /** Current members plus anyone recorded, with their RSVP and attendance; by display name. */
  attendanceSheet(meetingId: string): Promise<AttendanceLine[]>;
  /**
   * Replaces the meeting's record: status held, the counts, one row per line (recordedBy staff). Returns
   * what was recorded before (read under a row lock), so the caller can record the difference as facts.
   */
  saveHeld(record: HeldRecord): Promise<MeetingRecordBefore>;
  /** Replaces the meeting's record: status not_held with the reason, no attendance rows, counts 0. Returns what was recorded before. */
  saveNotHeld(input: { meetingId: string; reason: string }): Promise<MeetingRecordBefore>;
  setCheckInEnabled(meetingId: string, enabled: boolean): Promise<void>;

  /** Meetings with check-in on, not cancelled or not held, starting in [from, until). */
  checkInMeetings(from: Date, until: Date): Promise<AttendanceMeeting[]>;
  /** Current members who answered yes or maybe and have no attendance row yet. */
  checkInRecipients(meetingId: string): Promise<string[]>;
  /** Reserves a MeetingNotice row (revision 0); false when it exists (asked before). */
  claimNotice(input: { meetingId: string; personId: string; kind: AttendanceNoticeKind; now: Date }): Promise<boolean>;
  /** Present, recordedBy self_check_in, unless a row exists. "not_member": not a current member. */
  recordSelfCheckIn(input: { meetingId: string; personId: string; now: Date }): Promise<"recorded" | "already" | "not_member">;

  /** Active clubs (in `provinceCodes`, null: all) with no meeting recorded held starting in [from, to). */
  quietClubs(filter: { provinceCodes: number[] | null; from: Date; to: Date }): Promise<QuietClub[]>;

  /** Current members with follow-up on who were recorded absent at a held meeting starting after `since`. */
  followUpHistories(since: Date): Promise<FollowUpHistory[]>;

  /** Active supervisors with a linked Telegram chat. */
  digestRecipients(): Promise<DigestRecipient[]>;
  /** Reserves the week's digest for a staff member; null when it was sent (or is being sent). */
  claimDigest(input: { staffId: string; week: string; now: Date }): Promise<string | null>;
  finishDigest(id: string, status: "sent" | "unreachable"): Promise<void>;
  dropDigest(id: string): Promise<void>;
}
