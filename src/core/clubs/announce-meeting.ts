// Creating, changing and cancelling a meeting, and telling members: each notice is one bulk message
// through the one sender, keyed so a repeat never sends twice, held until the quiet hours end.
// The first notice goes to current, reachable members; a change or cancellation to exactly those who
// got it (MeetingNotice rows).
import type { Translate } from "../../shared/i18n/index.ts";
import type { Logger } from "../../shared/logging/logger.ts";
import type { EnqueueInput } from "../outbox/outbox.ts";
import type { Clock, Stores } from "../ports.ts";
import { outsideQuietHours } from "../referral/follow-up-time.ts";
import { meetingNotice } from "./notices.ts";
import type { MeetingInput, MeetingRecipient, MeetingRecord, NoticeKind } from "./ports.ts";

export interface MeetingDeps {
  stores: Pick<Stores, "clubs">;
  clock: Clock;
  logger: Logger;
  t: Translate;
  enqueue(input: EnqueueInput): Promise<{ id: string; created: boolean } | null>;
}

export const noticeKey = (m: Pick<MeetingRecord, "id" | "revision">, kind: NoticeKind, personId: string): string =>
  `meeting:${m.id}:${kind}:${kind === "notice" || kind === "cancel" ? 0 : m.revision}:${personId}`;

/** Queues `kind` for each recipient (idempotent per key) and records who was sent it. The number queued now. */
export async function sendMeetingNotices(d: MeetingDeps, meeting: MeetingRecord, kind: NoticeKind, to: MeetingRecipient[]): Promise<number> {
  const dueAt = outsideQuietHours(d.clock.now());
  const revision = kind === "notice" || kind === "cancel" ? 0 : meeting.revision;
  let queued = 0;
  for (const r of to) {
    const body = meetingNotice(d.t, r.locale, meeting, kind);
    const result = await d.enqueue({ personId: r.personId, body, lane: "bulk", dueAt, idempotencyKey: noticeKey(meeting, kind, r.personId) });
    if (!result) continue;
    await d.stores.clubs.recordNotice({ meetingId: meeting.id, personId: r.personId, kind, revision, at: dueAt });
    if (result.created) queued += 1;
  }
  d.logger.info({ meeting: meeting.id, kind, queued, recipients: to.length }, "meeting notices queued");
  return queued;
}

export async function createMeeting(d: MeetingDeps, input: MeetingInput & { clubId: string; createdById: string | null }) {
  const meeting = await d.stores.clubs.createMeeting(input);
  const sent = await sendMeetingNotices(d, meeting, "notice", await d.stores.clubs.meetingRecipients(meeting.clubId));
  return { meeting, sent };
}

/** Saves the change; a new time or place is announced to those notified. Null when the meeting is no longer scheduled. */
export async function changeMeeting(d: MeetingDeps, before: MeetingRecord, input: MeetingInput) {
  const moved = before.startsAt.getTime() !== input.startsAt.getTime() || before.place !== input.place;
  const meeting = await d.stores.clubs.updateMeeting(before.id, { ...input, bumpRevision: moved });
  if (!meeting) return null;
  const sent = moved ? await sendMeetingNotices(d, meeting, "change", await d.stores.clubs.notified(meeting.id)) : 0;
  return { meeting, sent };
}

/** Cancels and tells those notified; false when it was not scheduled. */
export async function cancelMeeting(d: MeetingDeps, meeting: MeetingRecord): Promise<boolean> {
  if (!(await d.stores.clubs.cancelMeeting(meeting.id))) return false;
  await sendMeetingNotices(d, { ...meeting, status: "cancelled" }, "cancel", await d.stores.clubs.notified(meeting.id));
  return true;
}
