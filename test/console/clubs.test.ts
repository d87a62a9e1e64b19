// Clubs in the console: who sees which club (admins all, supervisors their provinces, club leaders only
// the clubs they lead and no case page at all, counsellors none), creating a club and assigning its
// leaders, the meeting form's errors (past, impossible), notices queued in the bulk lane for members,
// the RSVP list's live part (204 until it changes), a change announced to those notified, cancelling.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { StaffRole } from "../../src/core/ports.ts";
import { toLocalFields } from "../../src/core/clubs/meeting-time.ts";
import { ConsoleClient } from "./console-client.ts";
import { startConsoleTest, type ConsoleTest } from "./harness.ts";

const DAY = 86_400_000;
let t: ConsoleTest;

beforeAll(async () => {
  t = await startConsoleTest();
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

const clubIdFrom = (location: string | null) => /\/console\/clubs\/([0-9a-f-]{36})/.exec(location ?? "")![1]!;
const future = (days: number) => toLocalFields(new Date(Date.now() + days * DAY));

async function member(clubId: string, name: string) {
  const { person } = await t.stores.people.findOrCreatePerson({ channel: "webchat", externalId: `club-${name}-${Math.random()}`, locale: "vi" });
  await t.stores.clubs.joinClub({ clubId, personId: person.id, displayName: name, now: new Date() });
  return person;
}

async function outboundFor(personId: string) {
  return t.app.db.prisma.message.findMany({
    where: { personId, direction: "outbound" },
    select: { lane: true, idempotencyKey: true },
    orderBy: { createdAt: "asc" },
  });
}

describe("clubs in the console", () => {
  it("admins create clubs; supervisors see their provinces only; counsellors see no clubs", async () => {
    const { c: admin } = await signedIn("admin");
    await admin.get("/console/clubs");
    const bad = await admin.post("/console/clubs", { name: "", kind: "family_club", province: "1" });
    expect(bad.status).toBe(422);
    expect(bad.html).toContain("Hãy nhập tên câu lạc bộ");
    const made = await admin.post("/console/clubs", { name: "CLB Bình Minh", kind: "self_help_group", province: "1" });
    expect(made.status).toBe(303);
    const id = clubIdFrom(made.location);
    const page = await admin.get(`/console/clubs/${id}`);
    const code = /data-testid="join-code">([A-Z0-9]{6})</.exec(page.html)?.[1];
    expect(code).toMatch(/^[A-HJ-NP-Z2-9]{6}$/);
    expect(page.html).toContain(`/start club_${code}`);

    const { c: near } = await signedIn("supervisor", [1]);
    expect((await near.get("/console/clubs")).html).toContain("CLB Bình Minh");
    expect((await near.get(`/console/clubs/${id}`)).status).toBe(200);
    const { c: far } = await signedIn("supervisor", [2]);
    expect((await far.get("/console/clubs")).html).not.toContain("CLB Bình Minh");
    expect((await far.get(`/console/clubs/${id}`)).status).toBe(404);
    await far.get("/console/clubs");
    expect((await far.post("/console/clubs", { name: "Elsewhere", kind: "family_club", province: "1" })).status).toBe(422);
    const { c: counsellor } = await signedIn("counsellor", [1]);
    expect((await counsellor.get("/console/clubs")).status).toBe(404);
  });

  it("a club leader sees only the clubs they lead and never the queue, a case or the directory", async () => {
    const mine = await t.stores.clubs.createClub({ name: "CLB Của Tôi", kind: "family_club", provinceCode: 1, wardCode: null, joinCode: "MINE22" });
    const other = await t.stores.clubs.createClub({ name: "CLB Người Khác", kind: "family_club", provinceCode: 1, wardCode: null, joinCode: "OTHER2" });
    const { s: leader, c } = await signedIn("club_leader");
    const { c: admin } = await signedIn("admin");
    await admin.get(`/console/clubs/${mine.id}`);
    expect((await admin.post(`/console/clubs/${mine.id}/leaders`, { leader: leader.id })).status).toBe(303);
    expect(await t.stores.clubs.clubsLedBy(leader.id)).toEqual([mine.id]);

    expect((await c.get("/console")).location).toBe("/console/clubs");
    const list = await c.get("/console/clubs");
    expect(list.html).toContain("CLB Của Tôi");
    expect(list.html).not.toContain("CLB Người Khác");
    expect(list.html).not.toContain('href="/console/directory"');
    expect((await c.get(`/console/clubs/${other.id}`)).status).toBe(404);
    const kase = await t.caseFor({ provinceCode: 1 });
    expect((await c.get(`/console/cases/${kase.handle}`)).status).toBe(404);
    expect((await c.get("/console/directory")).status).toBe(404);
    expect((await c.get("/console/events")).status).toBe(404);
    expect((await c.post(`/console/clubs/${mine.id}/leaders`, { leader: leader.id })).status).toBe(404);
  });

  it("admins and supervisors change a club, give it a new join code and deactivate it; a leader cannot; each is audited", async () => {
    const club = await t.stores.clubs.createClub({ name: "CLB Sửa Tên", kind: "family_club", provinceCode: 1, wardCode: null, joinCode: "EDIT22" });
    const { c: sup } = await signedIn("supervisor", [1]);
    await sup.get(`/console/clubs/${club.id}`);
    const bad = await sup.post(`/console/clubs/${club.id}/edit`, { name: "CLB Mới", kind: "youth_group", province: "2" });
    expect(bad.status).toBe(422);
    expect(bad.html).toContain("Hãy chọn một tỉnh/thành phố trong địa bàn của bạn.");
    expect((await sup.post(`/console/clubs/${club.id}/edit`, { name: "CLB Thanh Niên Mới", kind: "youth_group", province: "1" })).status).toBe(303);
    expect(await t.stores.clubs.getClub(club.id)).toMatchObject({ name: "CLB Thanh Niên Mới", kind: "youth_group", joinCode: "EDIT22" });

    expect((await sup.post(`/console/clubs/${club.id}/code`, {})).status).toBe(303);
    const fresh = (await t.stores.clubs.getClub(club.id))!.joinCode;
    expect(fresh).toMatch(/^[A-HJ-NP-Z2-9]{6}$/);
    expect(fresh).not.toBe("EDIT22");
    expect(await t.stores.clubs.findClubByCode("EDIT22")).toBeNull(); // the old code and link stop working
    expect((await t.stores.clubs.findClubByCode(fresh))?.id).toBe(club.id);

    expect((await sup.post(`/console/clubs/${club.id}/active`, { active: "0" })).status).toBe(303);
    const page = await sup.get(`/console/clubs/${club.id}`);
    expect(page.html).toContain("Ngừng hoạt động</span>");
    expect(await t.stores.clubs.findClubByCode(fresh)).toBeNull(); // nobody can join
    const refused = await sup.post(`/console/clubs/${club.id}/meetings`, { ...future(3), place: "Nhà văn hóa" });
    expect(refused.status).toBe(422);
    expect(refused.html).toContain("Câu lạc bộ đang ngừng hoạt động");
    expect((await sup.post(`/console/clubs/${club.id}/active`, { active: "1" })).status).toBe(303);
    expect((await t.stores.clubs.findClubByCode(fresh))?.id).toBe(club.id);

    const { s: leader, c: lead } = await signedIn("club_leader");
    await t.stores.clubs.setLeaders(club.id, [leader.id]);
    await lead.get(`/console/clubs/${club.id}`);
    expect((await lead.get(`/console/clubs/${club.id}`)).html).not.toContain(`/console/clubs/${club.id}/edit`);
    for (const action of ["edit", "code", "active"])
      expect((await lead.post(`/console/clubs/${club.id}/${action}`, { active: "0", name: "x" })).status).toBe(404);
    const actions = (await t.stores.audit.list({ limit: 50 })).filter((a) => a.targetId === club.id).map((a) => a.action);
    expect(actions).toEqual(["club.active", "club.inactive", "club.code", "club.update"]);
  });

  it("meetings: form errors, notices to members in the bulk lane, live RSVPs, a change and a cancellation", async () => {
    const club = await t.stores.clubs.createClub({ name: "CLB Họp", kind: "youth_group", provinceCode: 1, wardCode: null, joinCode: "MEET22" });
    const { s: leader, c } = await signedIn("club_leader");
    await t.stores.clubs.setLeaders(club.id, [leader.id]);
    const [an, binh] = [await member(club.id, "An"), await member(club.id, "Bình")];
    await c.get(`/console/clubs/${club.id}`);

    const past = await c.post(`/console/clubs/${club.id}/meetings`, { ...toLocalFields(new Date(Date.now() - DAY)), place: "Sân" });
    expect(past.status).toBe(422);
    expect(past.html).toContain("Thời gian này đã qua");
    const impossible = await c.post(`/console/clubs/${club.id}/meetings`, { date: "2027-02-30", time: "18:00", place: "Sân" });
    expect(impossible.status).toBe(422);
    expect(impossible.html).toContain("không có thật");
    const noPlace = await c.post(`/console/clubs/${club.id}/meetings`, { ...future(3), place: " " });
    expect(noPlace.html).toContain("Hãy nhập địa điểm");

    const created = await c.post(`/console/clubs/${club.id}/meetings`, { ...future(3), place: "Sân bóng", agendaVi: "Kỹ năng sống", agendaEn: "Life skills" });
    expect(created.status).toBe(303);
    const meetingId = /meetings\/([0-9a-f-]{36})/.exec(created.location!)![1]!;
    const path = `/console/clubs/${club.id}/meetings/${meetingId}`;
    for (const p of [an, binh]) expect(await outboundFor(p.id)).toEqual([{ lane: "bulk", idempotencyKey: `meeting:${meetingId}:notice:0:${p.id}` }]);

    const page = await c.get(path);
    expect(page.html).toContain("Chưa ai trả lời.");
    const sig = /data-signature="([^"]+)"/.exec(page.html)![1]!;
    const live = `/console/clubs/${club.id}/meetings/${meetingId}/live?sig=${encodeURIComponent(sig)}`;
    expect((await c.get(live)).status).toBe(204);
    await t.stores.clubs.setRsvp({ meetingId, personId: an.id, answer: "yes", now: new Date() });
    const fresh = await c.get(live);
    expect(fresh.status).toBe(200);
    expect(fresh.html).toContain('data-testid="rsvp-yes">1<');
    expect(fresh.html).toContain("An");

    await c.get(path);
    const moved = await c.post(path, { ...future(4), place: "Nhà văn hóa", agendaVi: "", agendaEn: "" });
    expect(moved.status).toBe(303);
    expect((await outboundFor(an.id)).map((m) => m.idempotencyKey)).toEqual([
      `meeting:${meetingId}:notice:0:${an.id}`,
      `meeting:${meetingId}:change:1:${an.id}`,
    ]);
    const late = await member(club.id, "Cường");
    await c.get(path);
    expect((await c.post(`${path}/cancel`)).status).toBe(303);
    expect((await t.stores.clubs.getMeeting(meetingId))?.status).toBe("cancelled");
    expect((await outboundFor(binh.id)).at(-1)?.idempotencyKey).toBe(`meeting:${meetingId}:cancel:0:${binh.id}`);
    expect(await outboundFor(late.id)).toEqual([]); // joined after the notice: never notified, so not told of the cancellation
    expect((await c.get(path)).html).not.toContain("Hủy buổi sinh hoạt</button>");
  });
});
