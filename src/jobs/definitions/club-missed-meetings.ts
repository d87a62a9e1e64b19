// Every hour: the gentle check-in for follow-up members recorded absent at two held meetings in a row
// (core/clubs/run-missed-meetings.ts: once per streak, outside quiet hours).
import { z } from "zod";
import type { JobDefinition } from "../job.ts";

export const CLUB_MISSED_MEETINGS = "club-missed-meetings";
export const clubMissedMeetingsPayload = z.object({ limit: z.number().int().min(1).max(5000) }).strict();

export const clubMissedMeetings: JobDefinition<z.infer<typeof clubMissedMeetingsPayload>> = {
  name: CLUB_MISSED_MEETINGS,
  payload: clubMissedMeetingsPayload,
  schedule: { cron: "20 * * * *", data: () => ({ limit: 500 }) },
  async handle(payload, ctx) {
    if (!ctx.clubMissedMeetings) return { skipped: true };
    return ctx.clubMissedMeetings(payload.limit);
  },
};
