// One definition per job: a name, a payload schema (validated before the handler runs) and a handler.
import type { z } from "zod";
import type { Clock, Stores } from "../core/ports.ts";
import type { Logger } from "../shared/logging/logger.ts";

export interface JobContext {
  stores: Pick<Stores, "conversations">;
  clock: Clock;
  logger: Logger;
  intakeAbandonDays: number;
  /** Closed cases keep their words this many days (RETENTION_DAYS); the retention job's payload. */
  retentionDays: number;
  /** The nightly purge (core/retention/run-retention.ts): counts removed per kind. */
  runRetention?(days: number): Promise<Record<string, number>>;
  /** Sends again the failed replies that are due (the conversation engine's redeliverDue). */
  redeliverDue?(limit: number): Promise<{ claimed: number; sent: number }>;
  /** Handles accepted messages whose turns never committed (the conversation engine's resumeInboxes). */
  resumeInboxes?(limit: number): Promise<{ people: number }>;
  /**
   * Pings on-duty staff about an urgent case (the console's notifyUrgentCase, bound to the staff
   * messenger); absent when no messenger is configured. Idempotent per (case, staff, priority).
   */
  /** Asks the referral follow-ups that are due (core/referral/run-follow-ups.ts through the engine's startTurn). */
  referralFollowUps?(limit: number): Promise<{ asked: number; expired: number; deferred: number }>;
  /** Queues the meeting reminders that are due (core/clubs/run-reminders.ts), once per meeting and revision. */
  meetingReminders?(limit: number): Promise<{ reminded: number; skipped: number }>;
  notifyUrgentCase?(input: { caseId: string; priority: number }): Promise<{ sent: number; skipped: number; failed: number }>;
  /** Escalates crisis cases nobody claimed or answered (core escalateWaitingCrises, bound by the composition root). */
  escalateCrises?(limit: number): Promise<{ pinged: number; noticed: number; failed: number }>;
  /** Asks "Did you come today?" (core/clubs/run-check-ins.ts through the engine's startTurn). */
  clubCheckIns?(limit: number): Promise<{ asked: number; skipped: number }>;
  /** The gentle check-in after two missed meetings (core/clubs/run-missed-meetings.ts). */
  clubMissedMeetings?(limit: number): Promise<{ asked: number; skipped: number }>;
  /** The weekly quiet-clubs digest to supervisors (core/clubs/quiet-clubs.ts); absent without a staff messenger. */
  quietClubsDigest?(): Promise<{ sent: number; skipped: number; failed: number }>;
  /** Fans out one started broadcast, or (no id) every one whose fan-out never finished (core/broadcasts). */
  fanOutBroadcasts?(broadcastId?: string): Promise<{ broadcasts: number; queued: number }>;
  /** Queues the opt-in tips that are due (core/broadcasts/tips.ts). */
  sendDueTips?(limit: number): Promise<{ queued: number; quiet: boolean }>;
}

export interface JobDefinition<P> {
  name: string;
  payload: z.ZodType<P>;
  /** Optional cron schedule (UTC) and the payload each scheduled run gets. */
  schedule?: { cron: string; data(ctx: JobContext): P };
  /**
   * Also queued by the app as things happen (an urgent case, a broadcast started), so a person or the
   * staff wait on it: its idle worker looks for work every ON_DEMAND_POLL_SECONDS. A job that only its
   * schedule queues looks every SCHEDULED_POLL_SECONDS (start-jobs.ts).
   */
  onDemand?: boolean;
  handle(payload: P, ctx: JobContext): Promise<unknown>;
}
