// Attendance per meeting (leaders of the club, supervisors of its province, admins; anyone else gets 404)
// and the clubs that have not met this quarter (supervisors and admins).
import { Hono } from "hono";
import { me, render, type ConsoleContext, type ConsoleEnv } from "../context.ts";
import type { ConsoleDeps } from "../deps.ts";
import { findRecordableMeeting, recordAttendance, setMeetingCheckIn, type AttendanceForm } from "../../core/clubs/record-attendance.ts";
import { listQuietClubs } from "../../core/clubs/quiet-clubs.ts";
import type { AttendanceMeeting } from "../../core/ports.ts";
import { AttendancePage, attendancePath } from "../views/attendance/attendance-page.tsx";
import { QuietClubsPage } from "../views/attendance/quiet-clubs-page.tsx";
import { flashFrom, formFields, formList, redirectWith } from "./helpers.ts";

const PATH = "/clubs/:clubId/meetings/:meetingId/attendance";

export function createAttendanceRoutes(d: ConsoleDeps): Hono<ConsoleEnv> {
  const app = new Hono<ConsoleEnv>();
  const meetingOf = (c: ConsoleContext) =>
    findRecordableMeeting(d, { staff: me(c), clubId: c.req.param("clubId") ?? "", meetingId: c.req.param("meetingId") ?? "" });
  const page = async (c: ConsoleContext, meeting: AttendanceMeeting, problems: string[] = []) => {
    const lines = await d.stores.attendance.attendanceSheet(meeting.id);
    return render(c, <AttendancePage v={c.var} meeting={meeting} lines={lines} problems={problems} {...flashFrom(c)} />, problems.length > 0 ? 400 : 200);
  };

  app.get(PATH, async (c) => page(c, await meetingOf(c)));

  app.post(PATH, async (c) => {
    const meeting = await meetingOf(c);
    const form = await readForm(c);
    const { problems } = await recordAttendance(d, { staff: me(c), meeting, form });
    if (problems.length > 0) {
      d.logger.info({ meeting: meeting.id, problems }, "attendance form refused");
      return page(c, meeting, problems);
    }
    return redirectWith(c, attendancePath(meeting), { ok: "saved" });
  });

  app.post(`${PATH}/check-in`, async (c) => {
    const meeting = await meetingOf(c);
    await setMeetingCheckIn(d, { meeting, enabled: (await formFields(c)).enabled === "1" });
    return redirectWith(c, attendancePath(meeting), { ok: "saved" });
  });

  app.get("/quiet-clubs", async (c) => {
    const { quarter, year, clubs } = await listQuietClubs(d, me(c));
    return render(c, <QuietClubsPage v={c.var} areas={d.areas} quarter={quarter} year={year} clubs={clubs} />);
  });

  return app;
}

/** The posted form in the shape the core validates: one line per `member` field with its radio and reason. */
async function readForm(c: ConsoleContext): Promise<AttendanceForm> {
  const fields = await formFields(c);
  if (fields.outcome !== "held") return { outcome: "not_held", reason: fields.reason ?? "" };
  const members = [...new Set(await formList(c, "member"))].slice(0, 1000);
  return {
    outcome: "held",
    walkIns: fields.walkIns ?? "",
    participantsTotal: fields.participantsTotal ?? "",
    lines: members.map((personId) => ({
      personId,
      present: fields[`att_${personId}`] === "present",
      ...(fields[`why_${personId}`] ? { reason: fields[`why_${personId}`] } : {}),
    })),
  };
}
