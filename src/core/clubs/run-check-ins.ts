// "Did you come today?": for meetings whose leader turned check-in on, members who said yes or maybe are
// asked once (a MeetingNotice "check_in" row reserved before the turn), through a bot-initiated turn, from
// an hour after the start until the end of the meeting's local day, never in the quiet hours. A meeting
// starting after 20:00 local is therefore not asked about. Unreachable people are skipped by startTurn.
import type { Logger } from "../../shared/logging/logger.ts";
import type { BotTurnResult } from "../conversation/engine.ts";
import type { Clock } from "../ports.ts";
import type { AttendanceStore } from "./attendance-ports.ts";
import { isQuiet, localDayStart } from "./attendance-time.ts";

export const CHECK_IN_FLOW = "club_check_in";
/** How long after the start members are asked. */
export const CHECK_IN_AFTER_MINUTES = 60;

export interface BotTurnDeps {
  stores: { attendance: AttendanceStore };
  clock: Clock;
  logger: Logger;
  startTurn(input: { personId: string; flow: string; params?: Record<string, unknown> }): Promise<BotTurnResult>;
}

export async function runDueCheckIns(d: BotTurnDeps, limit: number): Promise<{ asked: number; skipped: number }> {
  const now = d.clock.now();
  const counts = { asked: 0, skipped: 0 };
  if (isQuiet(now)) return counts;
  const until = new Date(now.getTime() - CHECK_IN_AFTER_MINUTES * 60_000);
  let budget = limit;
  for (const meeting of await d.stores.attendance.checkInMeetings(localDayStart(now), until)) {
    for (const personId of await d.stores.attendance.checkInRecipients(meeting.id)) {
      if (budget <= 0) return counts;
      if (!(await d.stores.attendance.claimNotice({ meetingId: meeting.id, personId, kind: "check_in", now }))) continue;
      budget -= 1;
      const result = await d.startTurn({ personId, flow: CHECK_IN_FLOW, params: { meetingId: meeting.id } });
      counts[result.status === "ran" ? "asked" : "skipped"] += 1;
    }
  }
  if (counts.asked + counts.skipped > 0) d.logger.info(counts, "club check-ins asked");
  return counts;
}
