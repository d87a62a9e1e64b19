// The attendance page: who may open it (the club's leaders, supervisors of its province, admins), held with
// present/absent, reasons, walk-ins and the total, not held with a reason, recording again replaces, the
// form's translated errors (future meeting, negative counts, unknown member), the member check-in switch;
// and the quiet-clubs page (supervisors and admins only).
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { StaffRole } from "../../src/core/ports.ts";
import { clubFixtures, sealerOf, type ClubFixtures } from "../helpers/club-fixtures.ts";
import { ConsoleClient } from "./console-client.ts";
import { startConsoleTest, type ConsoleTest } from "./harness.ts";

let t: ConsoleTest;
let f: ClubFixtures;
const HOUR = 3_600_000;

beforeAll(async () => {
  t = await startConsoleTest();
  f = clubFixtures(t.app.db.prisma, sealerOf(t.app.env));
});
afterAll(async () => {
  await t?.stop();
});

async function signedIn(role: StaffRole, areas: number[] = []) {
  const s = await t.staff(role, areas);
  const c = new ConsoleClient(t.url);
  expect((await c.login(s.email, s.password)).status).toBe(303);
  await c.get("/console/me");
  return { s, c };
}

async function person(): Promise<string> {
  return (await t.stores.people.findOrCreatePerson({ channel: "webchat", externalId: `club-${randomUUID()}`, locale: "vi" })).person.id;
}

async function clubWithMeeting(startsAt: Date, leaderIds: string[] = []) {
  const club = await f.club({ provinceCode: 1, wardCode: 4, leaderIds });
  const [binh, an] = [await person(), await person()];
  await f.member(club, binh, { displayName: "Bình" });
  await f.member(club, an, { displayName: "An" });
  const meeting = await f.meeting(club, { startsAt });
  await f.rsvp(meeting, binh, "yes");
  return { club, meeting, binh, an, path: `/console/clubs/${club}/meetings/${meeting}/attendance` };
}

describe("attendance page", () => {
  it("lets the club's leader record who came, replaces the record on edit, and records 'not held' with a reason", async () => {
    const { s, c } = await signedIn("club_leader");
    const m = await clubWithMeeting(new Date(Date.now() - 2 * HOUR), [s.id]);
    const meetingPage = await c.get(`/console/clubs/${m.club}/meetings/${m.meeting}`);
    expect(meetingPage.html).toContain(`href="${m.path}"`);
    const page = await c.get(m.path);
    expect(page.status).toBe(200);
    expect(page.html).toContain(`href="/console/clubs/${m.club}/meetings/${m.meeting}"`);
    expect(page.html).toContain("Bình");
    expect(page.html).toContain("Sẽ đến");
    expect(page.html).toContain("Chưa ghi nhận");

    const saved = await c.post(m.path, {
      outcome: "held",
      member: [m.binh, m.an],
      [`att_${m.binh}`]: "present",
      [`att_${m.an}`]: "absent",
      [`why_${m.an}`]: "sick",
      walkIns: "3",
      participantsTotal: "",
    });
    expect(saved.status).toBe(303);
    expect(saved.location).toBe(`${m.path}?ok=saved`);
    const row = await t.app.db.prisma.meeting.findUniqueOrThrow({ where: { id: m.meeting } });
    expect(row).toMatchObject({ status: "held", walkIns: 3, participantsTotal: 4 });
    const after = await c.get(m.path);
    expect(after.html).toContain("Đã ghi: 1 thành viên có mặt, 3 người khác, tổng 4.");

    await c.post(m.path, { outcome: "held", member: [m.binh, m.an], [`att_${m.an}`]: "present", walkIns: "0", participantsTotal: "10" });
    const rows = await t.app.db.prisma.meetingAttendance.findMany({ where: { meetingId: m.meeting }, orderBy: { present: "asc" } });
    expect(rows.map((r) => [r.personId, r.present, r.reason])).toEqual([
      [m.binh, false, null],
      [m.an, true, null],
    ]);
    expect(await t.app.db.prisma.meeting.findUniqueOrThrow({ where: { id: m.meeting } })).toMatchObject({ participantsTotal: 10, walkIns: 0 });

    const noReason = await c.post(m.path, { outcome: "not_held", reason: "" });
    expect(noReason.status).toBe(400);
    expect(noReason.html).toContain("Hãy chọn lý do không họp.");
    expect((await c.post(m.path, { outcome: "not_held", reason: "weather" })).status).toBe(303);
    expect(await t.app.db.prisma.meeting.findUniqueOrThrow({ where: { id: m.meeting } })).toMatchObject({
      status: "not_held",
      notHeldReason: "weather",
      participantsTotal: 0,
    });
    expect(await t.app.db.prisma.meetingAttendance.count({ where: { meetingId: m.meeting } })).toBe(0);
    expect((await c.get(m.path)).html).toContain("Tình trạng: Không họp (Thời tiết)");

    expect((await c.post(`${m.path}/check-in`, { enabled: "1" })).status).toBe(303);
    expect((await t.app.db.prisma.meeting.findUniqueOrThrow({ where: { id: m.meeting } })).checkInEnabled).toBe(true);
    expect((await c.get(m.path)).html).toContain("Tắt tự điểm danh");
  });

  it("refuses a future meeting, negative or non-numeric counts, a too-small total and unknown members with clear errors", async () => {
    const { s, c } = await signedIn("club_leader");
    const past = await clubWithMeeting(new Date(Date.now() - HOUR), [s.id]);
    await c.get(past.path);
    const post = (fields: Record<string, string | string[]>) =>
      c.post(past.path, { outcome: "held", member: [past.binh], [`att_${past.binh}`]: "present", ...fields });
    const negative = await post({ walkIns: "-2" });
    expect(negative.status).toBe(400);
    expect(negative.html).toContain("Số người không được âm.");
    expect((await post({ walkIns: "ba" })).html).toContain("Số người phải là số nguyên.");
    expect((await post({ walkIns: "2", participantsTotal: "1" })).html).toContain("Tổng số người tham dự không được nhỏ hơn");
    const stranger = await post({ member: [past.binh, randomUUID()] });
    expect(stranger.status).toBe(400);
    expect(stranger.html).toContain("Có người không phải thành viên của câu lạc bộ này.");
    expect((await t.app.db.prisma.meeting.findUniqueOrThrow({ where: { id: past.meeting } })).status).toBe("scheduled");

    const future = await clubWithMeeting(new Date(Date.now() + 24 * HOUR), [s.id]);
    await c.get(future.path);
    const early = await c.post(future.path, { outcome: "held", member: [future.binh], walkIns: "0" });
    expect(early.status).toBe(400);
    expect(early.html).toContain("Buổi sinh hoạt chưa diễn ra");
  });

  it("is only for the club's leaders, supervisors of its province and admins (others get 404)", async () => {
    const { s } = await signedIn("club_leader");
    const m = await clubWithMeeting(new Date(Date.now() - HOUR), [s.id]);
    for (const [role, areas, status] of [
      ["club_leader", [1], 404],
      ["counsellor", [1], 404],
      ["supervisor", [4], 404],
      ["supervisor", [1], 200],
      ["admin", [], 200],
    ] as const) {
      const { c } = await signedIn(role, [...areas]);
      expect((await c.get(m.path)).status, `${role} ${areas.join()}`).toBe(status);
      if (status === 404) expect((await c.post(m.path, { outcome: "not_held", reason: "weather" })).status).toBe(404);
    }
    const { c } = await signedIn("admin");
    expect((await c.get(`/console/clubs/${randomUUID()}/meetings/${m.meeting}/attendance`)).status).toBe(404);
    expect((await c.get(`/console/clubs/x/meetings/y/attendance`)).status).toBe(404);
  });
});

describe("quiet clubs page", () => {
  it("shows supervisors the active clubs of their provinces with no meeting held this quarter, in words", async () => {
    const quiet = await f.club({ provinceCode: 19, name: "CLB Hoa Sen" });
    const met = await f.club({ provinceCode: 19, name: "CLB Đã Họp" });
    await f.meeting(met, { startsAt: new Date(Date.now() - HOUR), status: "held" });
    await f.club({ provinceCode: 14, name: "CLB Tỉnh Khác" });
    expect(quiet).toBeTruthy();

    const { c } = await signedIn("supervisor", [19]);
    const page = await c.get("/console/quiet-clubs");
    expect(page.status).toBe(200);
    expect(page.html).toContain("CLB Hoa Sen");
    expect(page.html).toContain("Chưa họp quý này");
    expect(page.html).toContain("chưa từng họp");
    expect(page.html).not.toContain("CLB Đã Họp");
    expect(page.html).not.toContain("CLB Tỉnh Khác");

    const admin = await signedIn("admin");
    expect((await admin.c.get("/console/quiet-clubs")).html).toContain("CLB Tỉnh Khác");
    expect((await (await signedIn("counsellor", [19])).c.get("/console/quiet-clubs")).status).toBe(403);
    expect((await (await signedIn("club_leader", [19])).c.get("/console/quiet-clubs")).status).toBe(404); // leaders see only their clubs
  });
});
