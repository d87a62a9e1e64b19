// Every 5 minutes: queues the club meeting reminders that are due (CLUB_REMINDER_HOURS_BEFORE before the
// start), once per meeting and revision, to members who did not decline; bulk lane, outside the quiet hours.
import { z } from "zod";
import type { JobDefinition } from "../job.ts";

export const MEETING_REMINDERS = "meeting-reminders";
export const meetingRemindersPayload = z.object({ limit: z.number().int().min(1).max(1000) }).strict();

export const meetingReminders: JobDefinition<z.infer<typeof meetingRemindersPayload>> = {
  name: MEETING_REMINDERS,
  payload: meetingRemindersPayload,
  schedule: { cron: "*/5 * * * *", data: () => ({ limit: 100 }) },
  async handle(payload, ctx) {
    if (!ctx.meetingReminders) return { skipped: true };
    const counts = await ctx.meetingReminders(payload.limit);
    if (counts.reminded + counts.skipped > 0) ctx.logger.info({ job: MEETING_REMINDERS, ...counts }, "meeting reminders");
    return counts;
  },
};
