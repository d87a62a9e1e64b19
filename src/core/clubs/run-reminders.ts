// The reminder job's work: for each scheduled meeting starting within `hoursBefore`, once per meeting
// and revision (claimReminder), a reminder to the members notified who did not answer "no". Held until
// 07:00 when it falls in the quiet hours; skipped when the meeting would have started by then.
import { outsideQuietHours } from "../referral/follow-up-time.ts";
import { sendMeetingNotices, type MeetingDeps } from "./announce-meeting.ts";

const HOUR = 3_600_000;

export async function runMeetingReminders(d: MeetingDeps, o: { hoursBefore: number; limit: number }): Promise<{ reminded: number; skipped: number }> {
  const now = d.clock.now();
  const counts = { reminded: 0, skipped: 0 };
  for (const meeting of await d.stores.clubs.dueReminders(new Date(now.getTime() + o.hoursBefore * HOUR), o.limit)) {
    if (!(await d.stores.clubs.claimReminder(meeting.id, now))) continue;
    // Created inside the window: the notice itself was the reminder. Or it would arrive after the start.
    const windowStart = meeting.startsAt.getTime() - o.hoursBefore * HOUR;
    if (meeting.createdAt.getTime() >= windowStart || outsideQuietHours(now).getTime() >= meeting.startsAt.getTime()) {
      counts.skipped += 1;
      continue;
    }
    counts.reminded += await sendMeetingNotices(d, meeting, "reminder", await d.stores.clubs.reminderRecipients(meeting.id));
  }
  return counts;
}
