// Answers to meeting notices. Notices are bulk messages sent outside any turn, so they are not the menu
// on screen: a button names its meeting ("m.y.<id>", answered whatever is on screen); typed words
// ("I'll come"…) and, on numbered channels, a digit answer the newest open notice — the digit only while
// that notice is newer (by its due time) than the person's last turn: it is the last numbered list they
// saw, so menus keep their digits otherwise.
import { answerRsvp } from "../../../clubs/answer-rsvp.ts";
import { parseRsvpOptionId } from "../../../clubs/notices.ts";
import { RSVP_ANSWERS, type RsvpAnswer } from "../../../clubs/ports.ts";
import { formatMeetingTime } from "../../../clubs/meeting-time.ts";
import type { FlowDeps } from "../../flow.ts";
import type { Turn } from "../../turn.ts";

async function answer(turn: Turn, deps: FlowDeps, meetingId: string, rsvp: RsvpAnswer): Promise<void> {
  const outcome = await answerRsvp(deps, { meetingId, personId: turn.person.id, answer: rsvp });
  if (outcome.kind === "gone") return void turn.say(turn.t("clubs:rsvp.gone"));
  const vars = { club: outcome.meeting.clubName, when: formatMeetingTime(outcome.meeting.startsAt, turn.locale) };
  if (outcome.kind === "cancelled") return void turn.say(turn.t("clubs:rsvp.cancelled", vars));
  if (outcome.kind === "past") return void turn.say(turn.t("clubs:rsvp.past", vars));
  turn.say(turn.t(`clubs:rsvp.saved.${rsvp}`, vars));
}

/** A tapped RSVP button. */
export async function answerRsvpChoice(turn: Turn, deps: FlowDeps, optionId: string): Promise<void> {
  const parsed = parseRsvpOptionId(optionId);
  if (!parsed) return void turn.say(turn.t("common:options.stale"));
  return answer(turn, deps, parsed.meetingId, parsed.answer);
}

/** "I'll come", "can't come", "maybe" typed: the newest open notice. */
export async function answerRsvpWords(turn: Turn, deps: FlowDeps, rsvp: RsvpAnswer): Promise<void> {
  const newest = await deps.stores.clubs.newestNotice(turn.person.id);
  if (!newest) {
    turn.say(turn.t("clubs:rsvp.noNotice"));
    if (!turn.repeatMenu(turn.t("common:options.stillWaiting"))) await deps.flows.enter("menu", turn, deps);
    return;
  }
  return answer(turn, deps, newest.meetingId, rsvp);
}

/** "1", "2" or "3" right after a numbered notice (nothing asked since): its answer. */
export async function interceptRsvpDigit(turn: Turn, deps: FlowDeps, text: string): Promise<boolean> {
  const digit = /^[1-3]$/.exec(text.trim());
  if (!digit) return false;
  const newest = await deps.stores.clubs.newestNotice(turn.person.id);
  const lastTurn = turn.state.updatedAt?.getTime() ?? 0;
  if (!newest || newest.at.getTime() <= lastTurn) return false;
  await answer(turn, deps, newest.meetingId, RSVP_ANSWERS[Number(digit[0]) - 1]!);
  return true;
}
