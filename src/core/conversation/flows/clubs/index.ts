// Clubs in the chat: join by deep link (/start club_<code>) or a typed code (consent, then the name the
// leader sees; the next meeting's notice if one is planned), "my clubs" with upcoming meetings, and
// leaving at any time. RSVPs to meeting notices are answered in rsvp.ts, whatever is on screen.
import { z } from "zod";
import { CLUB_START_PREFIX, normaliseJoinCode } from "../../../clubs/join-code.ts";
import { formatMeetingTime } from "../../../clubs/meeting-time.ts";
import { meetingNotice, RSVP_OPTION_PREFIX } from "../../../clubs/notices.ts";
import { defineFlow, type FlowAction, type FlowDeps } from "../../flow.ts";
import type { Turn } from "../../turn.ts";
import { answerRsvpChoice, answerRsvpWords, interceptRsvpDigit } from "./rsvp.ts";

export const CLUBS_FLOW = "clubs";
export const MAX_DISPLAY_NAME = 40;
const MAX_CLUBS_SHOWN = 6;

const state = z.object({
  clubId: z.string().uuid().optional(),
  /** Club ids offered for leaving: option "leave<i>" leaves the i-th. */
  leaving: z.array(z.string().uuid()).max(MAX_CLUBS_SHOWN).optional(),
  /** Club ids offered for turning follow-up on or off: option "follow<i>" switches the i-th. */
  following: z.array(z.string().uuid()).max(MAX_CLUBS_SHOWN).optional(),
});
type Data = z.infer<typeof state>;

const toMenu: FlowAction = (turn, deps) => deps.flows.enter("menu", turn, deps);
const hub: FlowAction = (turn, deps) => showHub(turn, deps);
const askCode: FlowAction = (turn) => {
  turn.go(CLUBS_FLOW, "code", {});
  turn.ask(turn.t("clubs:join.askCode"), [turn.option("menu", "clubs:toMenu")]);
};
const leave: FlowAction = (turn, deps) => askLeave(turn, deps);

export const clubsFlow = defineFlow({
  name: CLUBS_FLOW,
  state,
  commands: {
    clubs: hub,
    join_club: askCode,
    leave_club: leave,
    rsvp_yes: (turn, deps) => answerRsvpWords(turn, deps, "yes"),
    rsvp_no: (turn, deps) => answerRsvpWords(turn, deps, "no"),
    rsvp_maybe: (turn, deps) => answerRsvpWords(turn, deps, "maybe"),
  },
  menuEntries: [{ id: "clubs", order: 45, run: hub }],
  startPayloads: [{ prefix: CLUB_START_PREFIX, run: (turn, deps, payload) => joinWithCode(turn, deps, payload.slice(CLUB_START_PREFIX.length)) }],
  globalChoices: [{ prefix: "m.", run: answerRsvpChoice }],
  interceptText: interceptRsvpDigit,
  enter: (turn, deps) => showHub(turn, deps),
  async onChoice(turn, deps, id) {
    const data = turn.data<Data>();
    if (id.startsWith(RSVP_OPTION_PREFIX)) return answerRsvpChoice(turn, deps, id); // a notice on screen, answered by its number
    if (id === "join") return askCode(turn, deps);
    if (id === "leave") return askLeave(turn, deps);
    if (id === "follow_up") return askFollowUp(turn, deps);
    if (turn.state.step === "consent" && id === "agree" && data.clubId) {
      turn.go(CLUBS_FLOW, "name", { clubId: data.clubId });
      turn.ask(turn.t("clubs:join.askName", { max: MAX_DISPLAY_NAME }), [turn.option("menu", "clubs:toMenu")]);
      return;
    }
    if (turn.state.step === "consent" && id === "decline") return (turn.say(turn.t("clubs:join.declined")), toMenu(turn, deps));
    const leaving = /^leave(\d)$/.exec(id) ? data.leaving?.[Number(id.slice(5))] : undefined;
    if (leaving) return leaveClub(turn, deps, leaving);
    const following = /^follow(\d)$/.exec(id) ? data.following?.[Number(id.slice(6))] : undefined;
    if (following) return switchFollowUp(turn, deps, following);
    return toMenu(turn, deps);
  },
  async onText(turn, deps, text) {
    if (turn.state.step === "code") return joinWithCode(turn, deps, text);
    if (turn.state.step === "name") return saveName(turn, deps, text);
    turn.repeatMenu(turn.t("common:options.notUnderstood"));
  },
});

async function showHub(turn: Turn, deps: FlowDeps) {
  const clubs = await deps.stores.clubs.clubsOf(turn.person.id);
  turn.go(CLUBS_FLOW, "hub", {});
  if (clubs.length === 0) {
    turn.ask(turn.t("clubs:hub.none"), [turn.option("join", "clubs:hub.join"), turn.option("menu", "clubs:toMenu")]);
    return;
  }
  const meetings = await deps.stores.clubs.upcomingMeetingsOf(turn.person.id, deps.clock.now());
  const lines = [turn.t("clubs:hub.title"), ...clubs.map((c) => `• ${c.name}`)];
  if (meetings.length > 0) {
    lines.push("", turn.t("clubs:hub.meetings"));
    for (const m of meetings)
      lines.push(`• ${turn.t("clubs:hub.meeting", { club: m.clubName, when: formatMeetingTime(m.startsAt, turn.locale), place: m.place })}`);
  } else lines.push("", turn.t("clubs:hub.noMeetings"));
  turn.say(lines.join("\n"));
  turn.ask(turn.t("clubs:hub.next"), [
    turn.option("join", "clubs:hub.join"),
    turn.option("leave", "clubs:hub.leave"),
    turn.option("follow_up", "clubs:hub.followUp"),
    turn.option("menu", "clubs:toMenu"),
  ]);
}

/** The member's own opt-in to a gentle check-in after two missed meetings in a row, per club. */
async function askFollowUp(turn: Turn, deps: FlowDeps) {
  const clubs = (await deps.stores.clubs.clubsOf(turn.person.id)).slice(0, MAX_CLUBS_SHOWN);
  if (clubs.length === 0) return (turn.say(turn.t("clubs:leave.none")), toMenu(turn, deps));
  const followed = new Set(await deps.stores.clubs.followedClubs(turn.person.id));
  turn.go(CLUBS_FLOW, "followUp", { following: clubs.map((c) => c.id) });
  turn.ask(turn.t("clubs:followUp.which"), [
    ...clubs.map((c, i) => ({ id: `follow${i}`, label: turn.t(followed.has(c.id) ? "clubs:followUp.turnOff" : "clubs:followUp.turnOn", { club: c.name }) })),
    turn.option("menu", "clubs:toMenu"),
  ]);
}

async function switchFollowUp(turn: Turn, deps: FlowDeps, clubId: string) {
  const club = await deps.stores.clubs.getClub(clubId);
  const on = !(await deps.stores.clubs.followedClubs(turn.person.id)).includes(clubId);
  const changed = await deps.stores.clubs.setFollowUp(clubId, turn.person.id, on);
  turn.say(turn.t(!changed ? "clubs:leave.notMember" : on ? "clubs:followUp.on" : "clubs:followUp.off", { club: club?.name ?? "" }));
  return showHub(turn, deps);
}

/** A typed code or a deep link's: wrong → a kind "code not found"; already a member → nothing changes. */
async function joinWithCode(turn: Turn, deps: FlowDeps, typed: string) {
  const code = normaliseJoinCode(typed);
  const club = code ? await deps.stores.clubs.findClubByCode(code) : null;
  if (!club) {
    turn.go(CLUBS_FLOW, "code", {});
    turn.ask(turn.t("clubs:join.notFound"), [turn.option("menu", "clubs:toMenu")]);
    return;
  }
  if (await deps.stores.clubs.isMember(club.id, turn.person.id)) {
    turn.say(turn.t("clubs:join.already", { club: club.name }));
    return showHub(turn, deps);
  }
  turn.go(CLUBS_FLOW, "consent", { clubId: club.id });
  turn.ask(turn.t("clubs:join.consent", { club: club.name }), [turn.option("agree", "clubs:join.agree"), turn.option("decline", "clubs:join.decline")]);
}

async function saveName(turn: Turn, deps: FlowDeps, text: string) {
  const clubId = turn.data<Data>().clubId;
  const club = clubId ? await deps.stores.clubs.getClub(clubId) : null;
  if (!club || !club.active) return (turn.say(turn.t("clubs:join.gone")), toMenu(turn, deps));
  const name = text.trim().replace(/\s+/g, " ");
  if (name.length === 0 || name.length > MAX_DISPLAY_NAME) {
    turn.repeatMenu(turn.t("clubs:join.nameTooLong", { max: MAX_DISPLAY_NAME }));
    return;
  }
  const result = await deps.stores.clubs.joinClub({ clubId: club.id, personId: turn.person.id, displayName: name, now: deps.clock.now() });
  turn.say(turn.t(result === "joined" ? "clubs:join.joined" : "clubs:join.already", { club: club.name, name }));
  if (result === "joined" && (await offerNextMeeting(turn, deps, club.id))) return;
  return showHub(turn, deps);
}

/**
 * A member who joins after a meeting was announced gets its notice now, as the menu on screen (so a
 * digit or a tap answers it on every channel), and is recorded as notified: a change or cancellation
 * reaches them too. False when the club has no meeting ahead.
 */
async function offerNextMeeting(turn: Turn, deps: FlowDeps, clubId: string): Promise<boolean> {
  const now = deps.clock.now();
  const next = (await deps.stores.clubs.upcomingMeetingsOf(turn.person.id, now)).find((m) => m.clubId === clubId);
  if (!next) return false;
  await deps.stores.clubs.recordNotice({ meetingId: next.id, personId: turn.person.id, kind: "notice", revision: 0, at: now });
  const notice = meetingNotice(deps.translator.t, turn.locale, next, "notice");
  if (notice.kind !== "options") return false;
  turn.go(CLUBS_FLOW, "hub", {});
  turn.ask(notice.text, [...notice.options, turn.option("menu", "clubs:toMenu")]);
  return true;
}

async function askLeave(turn: Turn, deps: FlowDeps) {
  const clubs = (await deps.stores.clubs.clubsOf(turn.person.id)).slice(0, MAX_CLUBS_SHOWN);
  if (clubs.length === 0) return (turn.say(turn.t("clubs:leave.none")), toMenu(turn, deps));
  turn.go(CLUBS_FLOW, "leave", { leaving: clubs.map((c) => c.id) });
  turn.ask(turn.t("clubs:leave.which"), [
    ...clubs.map((c, i) => ({ id: `leave${i}`, label: turn.t("clubs:leave.option", { club: c.name }) })),
    turn.option("menu", "clubs:leave.stay"),
  ]);
}

async function leaveClub(turn: Turn, deps: FlowDeps, clubId: string) {
  const club = await deps.stores.clubs.getClub(clubId);
  const left = await deps.stores.clubs.leaveClub(clubId, turn.person.id, deps.clock.now());
  turn.say(turn.t(left ? "clubs:leave.done" : "clubs:leave.notMember", { club: club?.name ?? "" }));
  return toMenu(turn, deps);
}
