// A member's answer to a meeting notice. Cancelled, past or unknown meetings and non-members are told
// so kindly by the caller; only a current member's answer to a scheduled, future meeting is saved.
import type { Clock, Stores } from "../ports.ts";
import type { MeetingRecord, RsvpAnswer } from "./ports.ts";

export type RsvpOutcome = { kind: "saved"; meeting: MeetingRecord } | { kind: "cancelled" | "past"; meeting: MeetingRecord } | { kind: "gone" };

export async function answerRsvp(
  d: { stores: Pick<Stores, "clubs">; clock: Clock },
  i: { meetingId: string; personId: string; answer: RsvpAnswer },
): Promise<RsvpOutcome> {
  const meeting = await d.stores.clubs.getMeeting(i.meetingId);
  if (!meeting || !(await d.stores.clubs.isMember(meeting.clubId, i.personId))) return { kind: "gone" };
  if (meeting.status === "cancelled" || meeting.status === "not_held") return { kind: "cancelled", meeting };
  const now = d.clock.now();
  if (meeting.status === "held" || meeting.startsAt.getTime() <= now.getTime()) return { kind: "past", meeting };
  await d.stores.clubs.setRsvp({ meetingId: meeting.id, personId: i.personId, answer: i.answer, now });
  return { kind: "saved", meeting };
}
