// "Did you come today?" (bot-initiated, see clubs/run-check-ins.ts): yes records a self check-in (never
// over what the leader recorded); no is only thanked. A meeting recorded as not held or cancelled
// meanwhile is not recorded. Answered by tap, digit or words.
import { z } from "zod";
import type { AttendanceMeeting } from "../../../clubs/attendance-ports.ts";
import { CHECK_IN_FLOW } from "../../../clubs/run-check-ins.ts";
import { followUpAnsweredFact } from "../../../reports/facts.ts";
import { defineFlow, type FlowDeps } from "../../flow.ts";
import type { Turn } from "../../turn.ts";

const state = z.object({ meetingId: z.string().uuid().optional() });
const OPEN = ["scheduled", "held"];

async function meetingOf(deps: FlowDeps, id: unknown): Promise<AttendanceMeeting | null> {
  const parsed = z.string().uuid().safeParse(id);
  const m = parsed.success ? await deps.stores.attendance.getAttendanceMeeting(parsed.data) : null;
  return m && OPEN.includes(m.status) ? m : null;
}

async function done(turn: Turn, deps: FlowDeps, key: string) {
  turn.say(turn.t(key));
  await deps.flows.enter("menu", turn, deps);
}

export const clubCheckInFlow = defineFlow({
  name: CHECK_IN_FLOW,
  state,
  async enter(turn, deps, params) {
    const m = await meetingOf(deps, params?.meetingId);
    if (!m) return; // nothing to ask any more: the person's screen stays as it is
    turn.go(CHECK_IN_FLOW, "ask", { meetingId: m.id });
    turn.ask(turn.t("attendance:checkIn.ask", { club: m.clubName }), [
      turn.option("yes", "attendance:checkIn.options.yes"),
      turn.option("no", "attendance:checkIn.options.no"),
    ]);
  },
  async onChoice(turn, deps, id) {
    const m = await meetingOf(deps, turn.data<z.infer<typeof state>>().meetingId);
    if (!m) return done(turn, deps, "attendance:checkIn.closed");
    const now = deps.clock.now();
    const source = `meeting:${m.id}:check-in:${turn.person.id}`; // hashed by the store; one answer per person and meeting
    const answer = id === "yes" ? "yes" : "no";
    await deps.stores.facts.record([followUpAnsweredFact({ about: "club", answer, provinceCode: m.provinceCode, wardCode: m.wardCode, now, source })]);
    if (id !== "yes") return done(turn, deps, "attendance:checkIn.noted");
    const result = await deps.stores.attendance.recordSelfCheckIn({ meetingId: m.id, personId: turn.person.id, now });
    return done(turn, deps, result === "not_member" ? "attendance:checkIn.closed" : "attendance:checkIn.thanks");
  },
  onText(turn) {
    turn.repeatMenu(turn.t("common:options.notUnderstood"));
  },
});
