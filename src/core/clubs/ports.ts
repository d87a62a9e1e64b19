// Clubs and their meetings: the records the core works with and the store port. The store implements it
// and decides nothing; the rules live beside it (join-code.ts, club-access.ts, meetings.ts, rsvp.ts).
export const CLUB_KINDS = ["family_club", "self_help_group", "youth_group"] as const;
export type ClubKind = (typeof CLUB_KINDS)[number];

export const MEETING_STATUSES = ["scheduled", "cancelled", "held", "not_held"] as const;
export type MeetingStatus = (typeof MEETING_STATUSES)[number];

export const RSVP_ANSWERS = ["yes", "no", "maybe"] as const;
export type RsvpAnswer = (typeof RSVP_ANSWERS)[number];

/** What a member was sent about a meeting (MeetingNotice.kind). */
export const NOTICE_KINDS = ["notice", "change", "cancel", "reminder"] as const;
export type NoticeKind = (typeof NOTICE_KINDS)[number];

export interface ClubInput {
  name: string;
  kind: ClubKind;
  provinceCode: number;
  wardCode: number | null;
}

export interface ClubRecord extends ClubInput {
  id: string;
  joinCode: string;
  active: boolean;
  createdAt: Date;
  /** Members whose `leftAt` is null. */
  memberCount: number;
  leaders: Array<{ id: string; displayName: string }>;
}

export interface ClubMemberRecord {
  personId: string;
  /** The name the member chose for the leader (unsealed here). */
  displayName: string;
  followUp: boolean;
  joinedAt: Date;
  leftAt: Date | null;
}

export interface MeetingInput {
  startsAt: Date;
  place: string;
  agendaVi: string;
  agendaEn: string;
}

export interface MeetingRecord extends MeetingInput {
  id: string;
  clubId: string;
  clubName: string;
  status: MeetingStatus;
  revision: number;
  reminderSentAt: Date | null;
  createdAt: Date;
}

export interface RsvpRecord {
  personId: string;
  displayName: string;
  answer: RsvpAnswer;
  answeredAt: Date;
}

/** A member to notify: active membership, reachable, with their language. */
export interface MeetingRecipient {
  personId: string;
  locale: string;
}

export interface ClubStore {
  createClub(input: ClubInput & { joinCode: string }): Promise<ClubRecord>;
  /** True when any club, active or not, has this join code. */
  joinCodeTaken(joinCode: string): Promise<boolean>;
  /** Renames, moves, (de)activates or gives a new join code (the old one stops working); null when there is no such club. */
  updateClub(id: string, patch: Partial<ClubInput & { joinCode: string; active: boolean }>): Promise<ClubRecord | null>;
  getClub(id: string): Promise<ClubRecord | null>;
  findClubByCode(joinCode: string): Promise<ClubRecord | null>;
  /** Clubs in the given provinces (null: every club), or only `clubIds` when given; by name. */
  listClubs(filter: { provinceCodes: number[] | null; clubIds?: string[] }): Promise<ClubRecord[]>;
  /** The ids of the clubs a staff member leads. */
  clubsLedBy(staffId: string): Promise<string[]>;
  setLeaders(clubId: string, staffIds: string[]): Promise<void>;
  /** Joins, or joins again after leaving (clears `leftAt`, seals the new name). "already": a member now; nothing changes. */
  joinClub(input: { clubId: string; personId: string; displayName: string; now: Date }): Promise<"joined" | "already">;
  /** Sets `leftAt`; false when the person was not a member. */
  leaveClub(clubId: string, personId: string, now: Date): Promise<boolean>;
  /** Current members (leftAt null), oldest first. */
  listMembers(clubId: string): Promise<ClubMemberRecord[]>;
  /** The clubs a person belongs to now. */
  clubsOf(personId: string): Promise<ClubRecord[]>;
  isMember(clubId: string, personId: string): Promise<boolean>;
  /** The member's own choice to be checked on after two missed meetings in a row; false when not a member. */
  setFollowUp(clubId: string, personId: string, on: boolean): Promise<boolean>;
  /** The clubs whose follow-up the person turned on (current memberships). */
  followedClubs(personId: string): Promise<string[]>;

  createMeeting(input: MeetingInput & { clubId: string; createdById: string | null }): Promise<MeetingRecord>;
  getMeeting(id: string): Promise<MeetingRecord | null>;
  /** Changes time, place or agenda; `bumpRevision` when time or place changed. Only a scheduled meeting. */
  updateMeeting(id: string, input: MeetingInput & { bumpRevision: boolean }): Promise<MeetingRecord | null>;
  /** scheduled → cancelled; false when it was not scheduled. */
  cancelMeeting(id: string): Promise<boolean>;
  /** A club's meetings, newest first. */
  listMeetings(clubId: string, limit: number): Promise<MeetingRecord[]>;
  /** Scheduled meetings starting after `from` of the clubs a person belongs to, soonest first. */
  upcomingMeetingsOf(personId: string, from: Date): Promise<MeetingRecord[]>;

  /** Current members who are reachable: who a new notice goes to. */
  meetingRecipients(clubId: string): Promise<MeetingRecipient[]>;
  /** Records that a person was sent `kind` (per revision) at `at` (when it is due); false when it was recorded before. */
  recordNotice(input: { meetingId: string; personId: string; kind: NoticeKind; revision: number; at: Date }): Promise<boolean>;
  /** Everyone who got the first notice, with their language (a change or cancellation reaches exactly them). */
  notified(meetingId: string): Promise<MeetingRecipient[]>;
  /** The newest scheduled meeting a person was sent a notice, change or reminder about, with when it was due. */
  newestNotice(personId: string): Promise<{ meetingId: string; at: Date } | null>;

  setRsvp(input: { meetingId: string; personId: string; answer: RsvpAnswer; now: Date }): Promise<void>;
  listRsvps(meetingId: string): Promise<RsvpRecord[]>;
  /** Changes whenever an RSVP of the meeting changes (the leader's live page polls it). */
  rsvpSignature(meetingId: string): Promise<string>;

  /** Scheduled meetings starting before `until` whose reminder round has not run. */
  dueReminders(until: Date, limit: number): Promise<MeetingRecord[]>;
  /** Marks the reminder round done; false when another run marked it first. */
  claimReminder(meetingId: string, now: Date): Promise<boolean>;
  /** Who gets the reminder: notified, still members, reachable, and did not answer "no". */
  reminderRecipients(meetingId: string): Promise<MeetingRecipient[]>;
}
