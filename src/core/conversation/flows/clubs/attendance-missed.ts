// The gentle check-in after two missed meetings in a row (bot-initiated, see clubs/run-missed-meetings.ts):
// "I'm okay" is thanked; "I'd like to talk to someone" opens a case for a counsellor (or adds to the open
// one). The case says it came from a club check-in (concern "club_check_in") and carries only the club's
// area, never its name.
import { z } from "zod";
import { openCase } from "../../../cases/open-case.ts";
import { CASE_PRIORITY } from "../../../cases/ports.ts";
import { MISSED_CHECK_IN_FLOW } from "../../../clubs/run-missed-meetings.ts";
import { followUpAnsweredFact } from "../../../reports/facts.ts";
import { defineFlow, type FlowDeps } from "../../flow.ts";
import type { Turn } from "../../turn.ts";

const state = z.object({ meetingId: z.string().uuid().optional() });
export const CLUB_CHECK_IN_CONCERN = "club_check_in";

async function done(turn: Turn, deps: FlowDeps, key: string, vars?: Record<string, unknown>) {
  turn.say(turn.t(key, vars));
  await deps.flows.enter("menu", turn, deps);
}

export const clubMissedCheckInFlow = defineFlow({
  name: MISSED_CHECK_IN_FLOW,
  state,
  enter(turn, _deps, params) {
    const id = z.string().uuid().safeParse(params?.meetingId);
    if (!id.success) return;
    turn.go(MISSED_CHECK_IN_FLOW, "ask", { meetingId: id.data });
    turn.ask(turn.t("attendance:missed.ask"), [turn.option("okay", "attendance:missed.options.okay"), turn.option("talk", "attendance:missed.options.talk")]);
  },
  async onChoice(turn, deps, id) {
    const meetingId = turn.data<z.infer<typeof state>>().meetingId;
    const meeting = meetingId ? await deps.stores.attendance.getAttendanceMeeting(meetingId) : null;
    if (meeting) {
      const source = `meeting:${meeting.id}:missed-check-in:${turn.person.id}`; // hashed by the store
      const answer = id === "talk" ? "talk" : "okay";
      const at = { provinceCode: meeting.provinceCode, wardCode: meeting.wardCode };
      await deps.stores.facts.record([followUpAnsweredFact({ about: "club", answer, ...at, now: deps.clock.now(), source })]);
    }
    if (id !== "talk") return done(turn, deps, "attendance:missed.okay");
    const handle = await caseForTalk(turn, deps);
    return done(turn, deps, "attendance:missed.caseOpened", { handle });
  },
  onText(turn) {
    turn.repeatMenu(turn.t("common:options.notUnderstood"));
  },
});

/** The person's open case (a counsellor will see the new request in it), or a new one in the club's area. */
async function caseForTalk(turn: Turn, deps: FlowDeps): Promise<string> {
  const now = deps.clock.now();
  const open = await deps.stores.cases.findOpenCase(turn.person.id);
  if (open) {
    await deps.stores.cases.notePersonMessage(open.id, now); // waiting again, so the queue shows it
    await deps.stores.audit.record({ actorId: null, action: "club.check_in_asked_to_talk", caseId: open.id }, now);
    return open.handle;
  }
  const meetingId = turn.data<z.infer<typeof state>>().meetingId;
  const meeting = meetingId ? await deps.stores.attendance.getAttendanceMeeting(meetingId) : null;
  const created = await openCase(deps, {
    case: {
      personId: turn.person.id,
      subject: "self",
      concern: CLUB_CHECK_IN_CONCERN,
      urgency: "week",
      provinceCode: meeting?.provinceCode ?? null,
      wardCode: meeting?.wardCode ?? null,
      priority: CASE_PRIORITY.normal,
      dangerFlags: [],
      locale: turn.locale,
      channel: turn.person.channel,
    },
    messageIds: [],
  });
  await deps.stores.audit.record({ actorId: null, action: "club.check_in_case_opened", caseId: created.id }, now);
  return created.handle;
}
