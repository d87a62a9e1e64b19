// Two misses in a row: a member who opted into follow-up and was recorded absent at the last two (or more)
// held meetings of a club they recorded attendance for gets ONE gentle check-in per streak. The streak is
// keyed by its first missed meeting (a MeetingNotice "missed_check_in" row reserved before the turn), so a
// third miss asks nothing more, and coming once starts a new count. Never in the quiet hours.
import type { AttendanceStore, FollowUpHistory } from "./attendance-ports.ts";
import { isQuiet } from "./attendance-time.ts";
import type { BotTurnDeps } from "./run-check-ins.ts";

export const MISSED_CHECK_IN_FLOW = "club_missed_check_in";
export const MISSES_IN_A_ROW = 2;
/** Meetings older than this do not count towards a streak. */
const LOOK_BACK_DAYS = 200;

/** The trailing run of absences, oldest first (empty when the member came to the newest one). */
export function trailingAbsences(history: FollowUpHistory["meetings"]): FollowUpHistory["meetings"] {
  const sorted = [...history].sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime());
  let i = sorted.length;
  while (i > 0 && !sorted[i - 1]!.present) i -= 1;
  return sorted.slice(i);
}

export async function runMissedMeetingCheckIns(
  d: BotTurnDeps & { stores: { attendance: AttendanceStore } },
  limit: number,
): Promise<{ asked: number; skipped: number }> {
  const now = d.clock.now();
  const counts = { asked: 0, skipped: 0 };
  if (isQuiet(now)) return counts;
  const since = new Date(now.getTime() - LOOK_BACK_DAYS * 86_400_000);
  let budget = limit;
  for (const h of await d.stores.attendance.followUpHistories(since)) {
    const streak = trailingAbsences(h.meetings);
    if (streak.length < MISSES_IN_A_ROW) continue;
    if (budget <= 0) break;
    const first = streak[0]!.meetingId;
    if (!(await d.stores.attendance.claimNotice({ meetingId: first, personId: h.personId, kind: "missed_check_in", now }))) continue;
    budget -= 1;
    const result = await d.startTurn({ personId: h.personId, flow: MISSED_CHECK_IN_FLOW, params: { meetingId: first } });
    counts[result.status === "ran" ? "asked" : "skipped"] += 1;
  }
  if (counts.asked + counts.skipped > 0) d.logger.info(counts, "club missed-meeting check-ins");
  return counts;
}
