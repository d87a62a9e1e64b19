// Recording a meeting after it took place: held (present or absent per member with an optional reason
// code, walk-ins as a count, the participants total = present + walk-ins unless given) or not held with
// a reason code. Recording again replaces the record. Only the club's leaders, supervisors of its
// province and admins may record; anyone else gets "not found" (the meeting is not theirs to know of).
import { z } from "zod";
import { AppError } from "../../shared/errors/app-error.ts";
import type { AuditStore } from "../audit/ports.ts";
import type { Clock, TurnStores, UnitOfWork } from "../ports.ts";
import { meetingFacts } from "../reports/facts.ts";
import type { StaffRecord } from "../staff/ports.ts";
import { canRunClub } from "./club-access.ts";
import { ABSENT_REASONS, NOT_HELD_REASONS, type AttendanceMeeting, type AttendanceStore, type MeetingRecordBefore } from "./attendance-ports.ts";

export interface AttendanceDeps {
  stores: { attendance: AttendanceStore; audit: AuditStore; unitOfWork: UnitOfWork };
  clock: Clock;
}

/** A problem with the form, as a key under `attendance:errors.` (translated by the page). */
export type AttendanceProblem = "future" | "cancelled" | "negative" | "notNumber" | "unknownMember" | "reasonRequired" | "totalTooSmall" | "invalid";

const count = z
  .string()
  .trim()
  .regex(/^-?\d{1,6}$/, { message: "notNumber" })
  .transform(Number)
  .pipe(z.number().int().min(0, { message: "negative" }));

/** The form as the console posts it (every value a string; empty strings for blank fields). */
export const attendanceForm = z.discriminatedUnion("outcome", [
  z.object({
    outcome: z.literal("held"),
    walkIns: z
      .string()
      .trim()
      .optional()
      .transform((s) => (s ? s : "0"))
      .pipe(count),
    participantsTotal: z
      .string()
      .trim()
      .optional()
      .transform((s) => (s ? s : undefined))
      .pipe(count.optional()),
    lines: z.array(
      z.object({
        personId: z.string().uuid({ message: "unknownMember" }),
        present: z.boolean(),
        reason: z.enum(ABSENT_REASONS).optional(),
      }),
    ),
  }),
  z.object({ outcome: z.literal("not_held"), reason: z.enum(NOT_HELD_REASONS, { message: "reasonRequired" }) }),
]);
/** What the console hands over: strings as posted, checked by `attendanceForm`. */
export interface AttendanceForm {
  outcome: string;
  reason?: string;
  walkIns?: string;
  participantsTotal?: string;
  lines?: Array<{ personId: string; present: boolean; reason?: string }>;
}

/** The meeting, when this staff member may record it; otherwise "not found". */
export async function findRecordableMeeting(d: AttendanceDeps, o: { staff: StaffRecord; clubId: string; meetingId: string }): Promise<AttendanceMeeting> {
  const ok = z.string().uuid().safeParse(o.meetingId).success && z.string().uuid().safeParse(o.clubId).success;
  const meeting = ok ? await d.stores.attendance.getAttendanceMeeting(o.meetingId) : null;
  if (!meeting || meeting.clubId !== o.clubId || !(await mayRecord(d, o.staff, meeting)))
    throw new AppError("not_found", "no such meeting for this staff member");
  return meeting;
}

/** The clubs part's rule (club-access.ts: admins, supervisors of the province, the club's leaders). */
export async function mayRecord(d: AttendanceDeps, staff: StaffRecord, m: Pick<AttendanceMeeting, "clubId" | "provinceCode">): Promise<boolean> {
  const led = staff.role === "club_leader" && (await d.stores.attendance.isClubLeader(m.clubId, staff.id)) ? [m.clubId] : [];
  return staff.active && canRunClub(staff, { id: m.clubId, provinceCode: m.provinceCode }, led);
}

/** Validates and saves; the problems (none when saved) are keys under `attendance:errors.`. */
export async function recordAttendance(
  d: AttendanceDeps,
  o: { staff: StaffRecord; meeting: AttendanceMeeting; form: AttendanceForm },
): Promise<{ problems: AttendanceProblem[] }> {
  const now = d.clock.now();
  if (o.meeting.status === "cancelled") return { problems: ["cancelled"] };
  if (o.meeting.startsAt.getTime() > now.getTime()) return { problems: ["future"] };
  const parsed = attendanceForm.safeParse(o.form);
  if (!parsed.success) return { problems: [...new Set(parsed.error.issues.map((i) => problemOf(i.message)))] };
  const form = parsed.data;
  const m = o.meeting;
  // The record and its facts (held ±1, participants by the difference) commit together.
  const save = (work: (s: TurnStores) => Promise<{ before: MeetingRecordBefore; after: MeetingRecordBefore }>) =>
    d.stores.unitOfWork.run(async (s) => {
      const { before, after } = await work(s);
      await s.facts.record(meetingFacts({ meeting: m, before, after, now }));
    });
  if (form.outcome === "not_held") {
    const reason = form.reason;
    await save(async (s) => ({ before: await s.attendance.saveNotHeld({ meetingId: m.id, reason }), after: { held: false, participants: 0 } }));
  } else {
    const members = new Set((await d.stores.attendance.attendanceSheet(m.id)).map((l) => l.personId));
    if (form.lines.some((l) => !members.has(l.personId))) return { problems: ["unknownMember"] };
    const present = form.lines.filter((l) => l.present).length;
    const total = form.participantsTotal ?? present + form.walkIns;
    if (total < present + form.walkIns) return { problems: ["totalTooSmall"] };
    const lines = form.lines.map((l) => ({ personId: l.personId, present: l.present, reason: l.present ? null : (l.reason ?? null) }));
    const held = { meetingId: m.id, walkIns: form.walkIns, participantsTotal: total, lines, now };
    await save(async (s) => ({ before: await s.attendance.saveHeld(held), after: { held: true, participants: total } }));
  }
  await d.stores.audit.record({ actorId: o.staff.id, action: `meeting.${form.outcome}`, targetId: o.meeting.id }, now);
  return { problems: [] };
}

/** Turns the member check-in ("Did you come today?") on or off; allowed to whoever may record. */
export async function setMeetingCheckIn(d: AttendanceDeps, o: { meeting: AttendanceMeeting; enabled: boolean }): Promise<void> {
  await d.stores.attendance.setCheckInEnabled(o.meeting.id, o.enabled);
}

const KNOWN: readonly AttendanceProblem[] = ["negative", "notNumber", "unknownMember", "reasonRequired"];
const problemOf = (message: string): AttendanceProblem => ((KNOWN as readonly string[]).includes(message) ? (message as AttendanceProblem) : "invalid");
