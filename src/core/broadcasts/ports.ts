// Broadcasts (an announcement to an audience, through the bulk lane) and opt-in tips: the records and
// the store ports. Bulk messages go only to people who opted in (a tip subscription) or are current
// members of the club (ClubMember.leftAt null), and never to people marked unreachable.
import type { ChannelName } from "../ports.ts";

export const AUDIENCE_KINDS = ["club", "area_subscribers", "all_opted_in"] as const;
export type AudienceKind = (typeof AUDIENCE_KINDS)[number];
export const BROADCAST_STATUSES = ["draft", "sending", "done", "cancelled"] as const;
export type BroadcastStatus = (typeof BROADCAST_STATUSES)[number];

/** Who receives a broadcast. */
export type Audience = { kind: "club"; clubId: string } | { kind: "area_subscribers"; provinceCode: number } | { kind: "all_opted_in" };

export interface BroadcastRecord {
  id: string;
  createdById: string | null;
  audience: Audience;
  /** The club's province, for a club audience (scope checks); the area's for area subscribers. */
  provinceCode: number | null;
  body: { vi: string; en: string };
  status: BroadcastStatus;
  plannedCount: number;
  createdAt: Date;
  startedAt: Date | null;
  fannedOutAt: Date | null;
  finishedAt: Date | null;
  cancelledAt: Date | null;
}

export interface ClubSummary {
  id: string;
  name: string;
  provinceCode: number;
}

/** How far a broadcast has gone: delivery rows by the state of their outbox message. */
export interface BroadcastCounts {
  /** Delivery rows made so far. */
  recipients: number;
  /** Not handed to the outbox yet (the fan-out is still running). */
  planned: number;
  /** In the outbox, not sent yet (queued or being sent). */
  queued: number;
  sent: number;
  failed: number;
  unreachable: number;
  /** Never sent because the broadcast was cancelled. */
  cancelled: number;
  /** Not sent yet (planned + queued), per channel: the ETA divides these by each channel's rate. */
  remainingByChannel: Partial<Record<ChannelName, number>>;
}

export interface NewBroadcast {
  createdById: string;
  audience: Audience;
  body: { vi: string; en: string };
}

export interface BroadcastStore {
  create(input: NewBroadcast, now: Date): Promise<BroadcastRecord>;
  get(id: string): Promise<BroadcastRecord | null>;
  /** Newest first. `scope`: null = every broadcast; otherwise those of these clubs or in these provinces. */
  list(filter: { scope: { clubIds: string[]; provinceCodes: number[] } | null; limit: number }): Promise<BroadcastRecord[]>;
  /** The exact number of people the audience holds now (opted in or current members, reachable). */
  countAudience(audience: Audience): Promise<number>;
  getClub(clubId: string): Promise<ClubSummary | null>;
  /** Active clubs: all (null), or those in these provinces, or these ids. */
  listClubs(filter: { provinceCodes?: number[]; ids?: string[] } | null): Promise<ClubSummary[]>;
  /** Ids of the clubs this staff member leads. */
  clubsLedBy(staffId: string): Promise<string[]>;
  /** draft → sending with the planned count; false when it was not a draft (started twice). */
  markSending(id: string, plannedCount: number, now: Date): Promise<boolean>;
  /**
   * Makes delivery rows (planned) for the next `limit` people of the audience, by person id after the
   * last row made, skipping any already there. Returns how many were made (0: everyone has a row).
   */
  addDeliveries(id: string, audience: Audience, limit: number): Promise<number>;
  /** Planned delivery rows (no outbox message yet), with each person's language. */
  plannedDeliveries(id: string, limit: number): Promise<Array<{ personId: string; locale: string }>>;
  /** Records the outbox messages of planned rows: they become queued. */
  markQueued(id: string, queued: Array<{ personId: string; messageId: string }>): Promise<void>;
  markFannedOut(id: string, now: Date): Promise<void>;
  /** sending → done once nothing is left to send; false otherwise. */
  markDoneIfSettled(id: string, now: Date): Promise<boolean>;
  /**
   * draft/sending → cancelled. Planned rows become cancelled, and queued outbox messages not yet
   * claimed by a sender are given up (failed, no next attempt) in the same statement; a message a
   * sender holds already may still go out. Returns how many were stopped, or null when it had ended.
   */
  cancel(id: string, now: Date): Promise<{ stopped: number } | null>;
  /** Gives up the queued outbox messages of a cancelled broadcast again (after a fan-out batch raced a cancel). */
  stopQueued(id: string): Promise<number>;
  counts(id: string): Promise<BroadcastCounts>;
  /** Broadcasts being sent whose fan-out has not finished (the backstop job resumes them). */
  listUnfannedOut(limit: number): Promise<string[]>;
}

export const TIP_CADENCE_DAYS = 7;

export interface TipSubscriptionRecord {
  personId: string;
  provinceCode: number | null;
  cadenceDays: number;
  tipsSent: number;
  lastSentAt: Date | null;
  nextDueAt: Date;
  unsubscribedAt: Date | null;
}

export interface TipStore {
  get(personId: string): Promise<TipSubscriptionRecord | null>;
  /** Subscribes (or subscribes again); the first tip is due at `firstDueAt`. `already`: it was active. */
  subscribe(input: { personId: string; provinceCode: number | null; now: Date; firstDueAt: Date }): Promise<{ already: boolean }>;
  setProvince(personId: string, provinceCode: number | null): Promise<void>;
  /** false when there was no active subscription. */
  unsubscribe(personId: string, now: Date): Promise<boolean>;
  /** Active subscriptions due by `now`, of reachable people, oldest due first. */
  listDue(now: Date, limit: number): Promise<Array<TipSubscriptionRecord & { locale: string }>>;
  /** After a tip was queued: counts it and plans the next one. */
  markSent(personId: string, sentAt: Date, nextDueAt: Date): Promise<void>;
}
