// Every job the app runs, in one list.
import type { JobDefinition } from "./job.ts";
import { clubCheckIns } from "./definitions/club-check-ins.ts";
import { clubMissedMeetings } from "./definitions/club-missed-meetings.ts";
import { broadcastFanOut } from "./definitions/broadcast-fan-out.ts";
import { sendDueTips } from "./definitions/send-due-tips.ts";
import { escalateCrisisCases } from "./definitions/escalate-crisis-cases.ts";
import { notifyUrgentCase } from "./definitions/notify-urgent-case.ts";
import { purgeAbandonedIntakes } from "./definitions/purge-abandoned-intakes.ts";
import { quietClubsDigest } from "./definitions/quiet-clubs-digest.ts";
import { redeliverFailedReplies } from "./definitions/redeliver-failed-replies.ts";
import { referralFollowUps } from "./definitions/referral-follow-ups.ts";
import { resumeInboxes } from "./definitions/resume-inboxes.ts";
import { meetingReminders } from "./definitions/meeting-reminders.ts";
import { retention } from "./definitions/retention.ts";

export const JOBS: ReadonlyArray<JobDefinition<unknown>> = [
  purgeAbandonedIntakes,
  redeliverFailedReplies,
  resumeInboxes,
  notifyUrgentCase as JobDefinition<unknown>,
  escalateCrisisCases as JobDefinition<unknown>,
  referralFollowUps as JobDefinition<unknown>,
  meetingReminders as JobDefinition<unknown>,
  clubCheckIns as JobDefinition<unknown>,
  clubMissedMeetings as JobDefinition<unknown>,
  quietClubsDigest as JobDefinition<unknown>,
  broadcastFanOut as JobDefinition<unknown>,
  sendDueTips as JobDefinition<unknown>,
  retention as JobDefinition<unknown>,
];
