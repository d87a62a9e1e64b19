// What members are sent about a meeting, in their language. Notices, changes and reminders carry the
// three answers as options whose ids name the meeting ("m.y.<id>", "m.n.<id>", "m.m.<id>"): a tap works
// whatever is on screen later (see flows/clubs/rsvp.ts), and numbered text (Zalo) is answered by digit
// against the newest notice.
import type { Translate } from "../../shared/i18n/index.ts";
import type { OutboundMessage } from "../ports.ts";
import { formatMeetingTime } from "./meeting-time.ts";
import { RSVP_ANSWERS, type MeetingRecord, type NoticeKind, type RsvpAnswer } from "./ports.ts";

export const RSVP_OPTION_PREFIX = "m.";
/** Notices are not a menu of the conversation: their buttons carry this menu number, and are recognised by their ids. */
export const NOTICE_MENU_SEQ = 0;
const CODES: Record<RsvpAnswer, string> = { yes: "y", no: "n", maybe: "m" };

export const rsvpOptionId = (answer: RsvpAnswer, meetingId: string): string => `${RSVP_OPTION_PREFIX}${CODES[answer]}.${meetingId}`;

export function parseRsvpOptionId(id: string): { answer: RsvpAnswer; meetingId: string } | null {
  const m = /^m\.([ynm])\.([0-9a-f-]{36})$/.exec(id);
  if (!m) return null;
  const answer = RSVP_ANSWERS.find((a) => CODES[a] === m[1])!;
  return { answer, meetingId: m[2]! };
}

export const agendaFor = (m: Pick<MeetingRecord, "agendaVi" | "agendaEn">, locale: string): string =>
  (locale === "en" ? m.agendaEn || m.agendaVi : m.agendaVi || m.agendaEn).trim();

/** The message for one kind of notice, in `locale`. */
export function meetingNotice(t: Translate, locale: string, meeting: MeetingRecord, kind: NoticeKind): OutboundMessage {
  const vars = { club: meeting.clubName, when: formatMeetingTime(meeting.startsAt, locale), place: meeting.place };
  const agenda = agendaFor(meeting, locale);
  const lines = [t(locale, `clubs:notice.${kind}`, vars), ...(agenda ? [t(locale, "clubs:notice.agenda", { agenda })] : [])];
  if (kind === "cancel") return { kind: "text", text: lines.join("\n") };
  return {
    kind: "options",
    text: [...lines, t(locale, "clubs:notice.question")].join("\n"),
    menuSeq: NOTICE_MENU_SEQ,
    options: RSVP_ANSWERS.map((a) => ({ id: rsvpOptionId(a, meeting.id), label: t(locale, `clubs:rsvp.options.${a}`) })),
  };
}
