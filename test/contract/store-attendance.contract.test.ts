// AttendanceStore on PGlite and PostgreSQL: the sheet, held / not held replacing each other, self check-in
// never over a leader's record, check-in meetings and recipients, notices claimed once, the quiet-clubs
// query, follow-up histories, digest recipients and the once-per-week reservation.
import { describe, expect, it } from "vitest";
import { clubFixtures } from "../helpers/club-fixtures.ts";
import { at, backend, DAY, HOUR, T0, useStores } from "./store-harness.ts";

const h = useStores();
const f = () => clubFixtures(h.db.prisma, h.sealer);

describe(`AttendanceStore (${backend})`, () => {
  it("lists the sheet, records held and not held (each replacing the other) and keeps self check-ins under the leader's record", async () => {
    const a = h.stores.attendance;
    const leader = await h.staffMember({ role: "club_leader" });
    const club = await f().club({ provinceCode: 1, wardCode: 4, leaderIds: [leader.id] });
    const [p1, p2, gone] = [await h.person(), await h.person(), await h.person()];
    await f().member(club, p1.id, { displayName: "Bình" });
    await f().member(club, p2.id, { displayName: "An" });
    await f().member(club, gone.id, { displayName: "Cúc", leftAt: at(-DAY) });
    const meeting = await f().meeting(club, { startsAt: at(-HOUR) });
    await f().rsvp(meeting, p1.id, "yes");

    expect(await a.isClubLeader(club, leader.id)).toBe(true);
    expect(await a.isClubLeader(club, (await h.staffMember()).id)).toBe(false);
    expect(await a.getAttendanceMeeting(meeting)).toMatchObject({ clubId: club, provinceCode: 1, wardCode: 4, status: "scheduled" });
    const sheet = await a.attendanceSheet(meeting);
    expect(sheet.map((l) => [l.displayName, l.rsvp, l.present])).toEqual([
      ["An", null, null],
      ["Bình", "yes", null],
    ]);

    expect(await a.recordSelfCheckIn({ meetingId: meeting, personId: p1.id, now: T0 })).toBe("recorded");
    expect(await a.recordSelfCheckIn({ meetingId: meeting, personId: p1.id, now: T0 })).toBe("already");
    expect(await a.recordSelfCheckIn({ meetingId: meeting, personId: gone.id, now: T0 })).toBe("not_member");
    expect((await a.attendanceSheet(meeting)).find((l) => l.personId === p1.id)).toMatchObject({ present: true, recordedBy: "self_check_in" });

    await a.saveHeld({
      meetingId: meeting,
      walkIns: 2,
      participantsTotal: 3,
      now: T0,
      lines: [
        { personId: p1.id, present: false, reason: "sick" },
        { personId: p2.id, present: true, reason: null },
      ],
    });
    expect(await a.getAttendanceMeeting(meeting)).toMatchObject({ status: "held", walkIns: 2, participantsTotal: 3, notHeldReason: null });
    expect((await a.attendanceSheet(meeting)).map((l) => [l.displayName, l.present, l.reason, l.recordedBy])).toEqual([
      ["An", true, null, "staff"],
      ["Bình", false, "sick", "staff"],
    ]);
    expect(await a.recordSelfCheckIn({ meetingId: meeting, personId: p1.id, now: T0 })).toBe("already");

    await a.saveNotHeld({ meetingId: meeting, reason: "weather" });
    expect(await a.getAttendanceMeeting(meeting)).toMatchObject({ status: "not_held", notHeldReason: "weather", walkIns: 0, participantsTotal: 0 });
    expect((await a.attendanceSheet(meeting)).every((l) => l.present === null)).toBe(true);
    expect(await h.rawRows("ClubMember", `"clubId" = $1::uuid`, club)).not.toContain("Bình"); // sealed at rest
  });

  it("finds check-in meetings and recipients (yes or maybe, current members, not recorded) and claims a notice once", async () => {
    const a = h.stores.attendance;
    const club = await f().club({ provinceCode: 4 });
    const [yes, maybe, no, left, recorded] = [await h.person(), await h.person(), await h.person(), await h.person(), await h.person()];
    for (const p of [yes, maybe, no, recorded]) await f().member(club, p.id);
    await f().member(club, left.id, { leftAt: at(-DAY) });
    const on = await f().meeting(club, { startsAt: at(-2 * HOUR), checkInEnabled: true });
    await f().meeting(club, { startsAt: at(-2 * HOUR), checkInEnabled: false });
    await f().meeting(club, { startsAt: at(-2 * HOUR), checkInEnabled: true, status: "cancelled" });
    await f().rsvp(on, yes.id, "yes");
    await f().rsvp(on, maybe.id, "maybe");
    await f().rsvp(on, no.id, "no");
    await f().rsvp(on, left.id, "yes");
    await f().rsvp(on, recorded.id, "yes");
    await h.stores.attendance.recordSelfCheckIn({ meetingId: on, personId: recorded.id, now: T0 });

    const found = await a.checkInMeetings(at(-3 * HOUR), at(-HOUR));
    expect(found.filter((m) => m.clubId === club).map((m) => m.id)).toEqual([on]);
    expect(await a.checkInMeetings(at(-HOUR), T0)).toEqual([]);
    expect(new Set(await a.checkInRecipients(on))).toEqual(new Set([yes.id, maybe.id]));
    expect(await a.claimNotice({ meetingId: on, personId: yes.id, kind: "check_in", now: T0 })).toBe(true);
    expect(await a.claimNotice({ meetingId: on, personId: yes.id, kind: "check_in", now: T0 })).toBe(false);
    expect(await a.claimNotice({ meetingId: on, personId: yes.id, kind: "missed_check_in", now: T0 })).toBe(true);
  });

  it("lists active clubs with no held meeting in a period, with the last one ever held", async () => {
    const a = h.stores.attendance;
    const quiet = await f().club({ provinceCode: 8, name: "A quiet" });
    const met = await f().club({ provinceCode: 8, name: "B met" });
    const old = await f().club({ provinceCode: 8, name: "C met last quarter" });
    await f().club({ provinceCode: 8, name: "D inactive", active: false });
    await f().club({ provinceCode: 11, name: "E elsewhere" });
    await f().meeting(quiet, { startsAt: at(-DAY), status: "not_held" });
    await f().meeting(met, { startsAt: at(-DAY), status: "held" });
    await f().meeting(old, { startsAt: at(-100 * DAY), status: "held" });
    const list = await a.quietClubs({ provinceCodes: [8], from: at(-30 * DAY), to: at(30 * DAY) });
    expect(list.map((c) => [c.name, c.lastHeldAt?.toISOString() ?? null])).toEqual([
      ["A quiet", null],
      ["C met last quarter", at(-100 * DAY).toISOString()],
    ]);
    const all = await a.quietClubs({ provinceCodes: null, from: at(-30 * DAY), to: at(30 * DAY) });
    expect(all.map((c) => c.name)).toEqual(expect.arrayContaining(["A quiet", "E elsewhere"]));
    expect(await a.quietClubs({ provinceCodes: [], from: at(-30 * DAY), to: at(30 * DAY) })).toEqual([]);
  });

  it("returns follow-up members' histories at held meetings, oldest first", async () => {
    const a = h.stores.attendance;
    const club = await f().club({ provinceCode: 12, wardCode: null });
    const [follow, plain] = [await h.person(), await h.person()];
    await f().member(club, follow.id, { followUp: true });
    await f().member(club, plain.id);
    const m1 = await f().meeting(club, { startsAt: at(-20 * DAY), status: "held" });
    const m2 = await f().meeting(club, { startsAt: at(-10 * DAY), status: "held" });
    for (const m of [m1, m2])
      await h.db.prisma.meetingAttendance.createMany({
        data: [follow, plain].map((p) => ({ meetingId: m, personId: p.id, present: false, recordedBy: "staff" })),
      });
    const histories = (await a.followUpHistories(at(-30 * DAY))).filter((x) => x.clubId === club);
    expect(histories).toHaveLength(1);
    expect(histories[0]).toMatchObject({ personId: follow.id, provinceCode: 12, wardCode: null });
    expect(histories[0]!.meetings.map((m) => m.meetingId)).toEqual([m1, m2]);
    expect((await a.followUpHistories(at(-15 * DAY))).find((x) => x.clubId === club)!.meetings.map((m) => m.meetingId)).toEqual([m2]);
  });

  it("lists Telegram-linked supervisors and reserves one digest per staff member and week", async () => {
    const a = h.stores.attendance;
    const sup = await h.staffMember({ role: "supervisor", provinceCodes: [8] });
    const unlinked = await h.staffMember({ role: "supervisor" });
    const counsellor = await h.staffMember({ role: "counsellor" });
    await h.stores.staff.linkTelegram(sup.id, "5551", T0);
    await h.stores.staff.linkTelegram(counsellor.id, "5552", T0);
    const recipients = await a.digestRecipients();
    expect(recipients.map((r) => [r.staff.id, r.telegramChatId])).toEqual([[sup.id, "5551"]]);
    expect(recipients.some((r) => r.staff.id === unlinked.id)).toBe(false);
    const id = await a.claimDigest({ staffId: sup.id, week: "2025-W09", now: T0 });
    expect(id).toBeTruthy();
    expect(await a.claimDigest({ staffId: sup.id, week: "2025-W09", now: T0 })).toBeNull();
    await a.dropDigest(id!);
    const again = await a.claimDigest({ staffId: sup.id, week: "2025-W09", now: T0 });
    expect(again).toBeTruthy();
    await a.finishDigest(again!, "sent");
    await a.dropDigest(again!); // a sent digest is kept
    expect(await a.claimDigest({ staffId: sup.id, week: "2025-W09", now: T0 })).toBeNull();
    expect(await a.claimDigest({ staffId: sup.id, week: "2025-W10", now: T0 })).toBeTruthy();
  });
});
