// ClubStore contract: clubs, leaders, membership (sealed display name, leaving and joining again),
// meetings, notices (who was notified), RSVPs and the reminder claim. Runs on PGlite and PostgreSQL.
import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { DAY, HOUR, T0, at, backend, useStores } from "./store-harness.ts";

const h = useStores();
const code = () => randomUUID().replace(/-/g, "").slice(0, 8).toUpperCase();
const newClub = (provinceCode = 1) =>
  h.stores.clubs.createClub({ name: `Club ${code()}`, kind: "family_club", provinceCode, wardCode: null, joinCode: code() });
const meetingAt = (clubId: string, startsAt: Date) =>
  h.stores.clubs.createMeeting({ clubId, startsAt, place: "Nhà văn hóa", agendaVi: "Chủ đề", agendaEn: "Topic", createdById: null });

describe(`ClubStore: clubs and members (${backend})`, () => {
  it("creates a club, finds it by code and lists it by province or by id", async () => {
    const club = await newClub(79);
    expect(club).toMatchObject({ kind: "family_club", provinceCode: 79, wardCode: null, active: true, memberCount: 0, leaders: [] });
    expect((await h.stores.clubs.findClubByCode(club.joinCode))?.id).toBe(club.id);
    expect(await h.stores.clubs.findClubByCode("NOPE99")).toBeNull();
    expect((await h.stores.clubs.listClubs({ provinceCodes: [79] })).map((c) => c.id)).toContain(club.id);
    expect((await h.stores.clubs.listClubs({ provinceCodes: [2] })).map((c) => c.id)).not.toContain(club.id);
    expect((await h.stores.clubs.listClubs({ provinceCodes: null, clubIds: [club.id] })).map((c) => c.id)).toEqual([club.id]);
    expect(await h.stores.clubs.listClubs({ provinceCodes: null, clubIds: [] })).toEqual([]);
  });

  it("sets leaders (replacing the list) and tells which clubs a leader runs", async () => {
    const club = await newClub();
    const [a, b] = [await h.staffMember({ role: "club_leader", displayName: "An" }), await h.staffMember({ role: "club_leader", displayName: "Bình" })];
    await h.stores.clubs.setLeaders(club.id, [a.id, b.id]);
    expect((await h.stores.clubs.getClub(club.id))?.leaders.map((l) => l.displayName)).toEqual(["An", "Bình"]);
    await h.stores.clubs.setLeaders(club.id, [b.id]);
    expect(await h.stores.clubs.clubsLedBy(a.id)).toEqual([]);
    expect(await h.stores.clubs.clubsLedBy(b.id)).toEqual([club.id]);
  });

  it("joins once (sealed name), leaves, joins again", async () => {
    const club = await newClub();
    const p = await h.person();
    expect(await h.stores.clubs.joinClub({ clubId: club.id, personId: p.id, displayName: "Cô Hoa", now: T0 })).toBe("joined");
    expect(await h.stores.clubs.joinClub({ clubId: club.id, personId: p.id, displayName: "Other", now: T0 })).toBe("already");
    expect(await h.stores.clubs.followedClubs(p.id)).toEqual([]);
    expect(await h.stores.clubs.setFollowUp(club.id, p.id, true)).toBe(true);
    expect(await h.stores.clubs.followedClubs(p.id)).toEqual([club.id]);
    expect(await h.stores.clubs.setFollowUp(club.id, p.id, false)).toBe(true);
    expect(await h.stores.clubs.followedClubs(p.id)).toEqual([]);
    expect(await h.stores.clubs.setFollowUp(club.id, (await h.person()).id, true)).toBe(false); // not a member
    expect(await h.rawRows("ClubMember", `"personId" = $1`, p.id)).not.toContain("Cô Hoa");
    expect(await h.stores.clubs.listMembers(club.id)).toEqual([{ personId: p.id, displayName: "Cô Hoa", followUp: false, joinedAt: T0, leftAt: null }]);
    expect((await h.stores.clubs.clubsOf(p.id)).map((c) => c.id)).toEqual([club.id]);
    expect((await h.stores.clubs.getClub(club.id))?.memberCount).toBe(1);
    expect(await h.stores.clubs.leaveClub(club.id, p.id, at(HOUR))).toBe(true);
    expect(await h.stores.clubs.leaveClub(club.id, p.id, at(HOUR))).toBe(false);
    expect(await h.stores.clubs.isMember(club.id, p.id)).toBe(false);
    expect(await h.stores.clubs.listMembers(club.id)).toEqual([]);
    expect(await h.stores.clubs.joinClub({ clubId: club.id, personId: p.id, displayName: "Hoa", now: at(DAY) })).toBe("joined");
    expect(await h.stores.clubs.listMembers(club.id)).toMatchObject([{ displayName: "Hoa", joinedAt: at(DAY) }]);
  });
});

describe(`ClubStore: meetings, notices, RSVPs (${backend})`, () => {
  it("creates, changes (revision only when asked), cancels once, and lists meetings", async () => {
    const club = await newClub();
    const m = await meetingAt(club.id, at(3 * DAY));
    expect(m).toMatchObject({ clubId: club.id, clubName: club.name, status: "scheduled", revision: 0, reminderSentAt: null, agendaVi: "Chủ đề" });
    const same = await h.stores.clubs.updateMeeting(m.id, {
      startsAt: at(3 * DAY),
      place: "Nhà văn hóa",
      agendaVi: "Mới",
      agendaEn: "New",
      bumpRevision: false,
    });
    expect(same).toMatchObject({ revision: 0, agendaVi: "Mới" });
    const moved = await h.stores.clubs.updateMeeting(m.id, { startsAt: at(4 * DAY), place: "UBND", agendaVi: "", agendaEn: "", bumpRevision: true });
    expect(moved).toMatchObject({ revision: 1, place: "UBND", startsAt: at(4 * DAY) });
    expect(await h.stores.clubs.cancelMeeting(m.id)).toBe(true);
    expect(await h.stores.clubs.cancelMeeting(m.id)).toBe(false);
    expect(await h.stores.clubs.updateMeeting(m.id, { startsAt: at(5 * DAY), place: "x", agendaVi: "", agendaEn: "", bumpRevision: true })).toBeNull();
    expect((await h.stores.clubs.listMeetings(club.id, 10)).map((x) => x.status)).toEqual(["cancelled"]);
  });

  it("notifies reachable members, records notices once, and lists upcoming meetings of a person", async () => {
    const club = await newClub();
    const [a, b, gone, left] = [await h.person({ locale: "en" }), await h.person(), await h.person(), await h.person()];
    for (const p of [a, b, gone, left]) await h.stores.clubs.joinClub({ clubId: club.id, personId: p.id, displayName: "x", now: T0 });
    await h.stores.people.updatePerson(gone.id, { reachable: false });
    await h.stores.clubs.leaveClub(club.id, left.id, T0);
    const m = await meetingAt(club.id, at(2 * DAY));
    const to = await h.stores.clubs.meetingRecipients(club.id);
    expect(to).toEqual(
      expect.arrayContaining([
        { personId: a.id, locale: "en" },
        { personId: b.id, locale: "vi" },
      ]),
    );
    expect(to).toHaveLength(2);
    expect(await h.stores.clubs.recordNotice({ meetingId: m.id, personId: a.id, kind: "notice", revision: 0, at: T0 })).toBe(true);
    expect(await h.stores.clubs.recordNotice({ meetingId: m.id, personId: a.id, kind: "notice", revision: 0, at: T0 })).toBe(false);
    expect(await h.stores.clubs.recordNotice({ meetingId: m.id, personId: a.id, kind: "change", revision: 1, at: at(HOUR) })).toBe(true);
    expect(await h.stores.clubs.notified(m.id)).toEqual([{ personId: a.id, locale: "en" }]);
    expect(await h.stores.clubs.newestNotice(a.id)).toEqual({ meetingId: m.id, at: at(HOUR) });
    expect(await h.stores.clubs.newestNotice(b.id)).toBeNull();
    expect((await h.stores.clubs.upcomingMeetingsOf(b.id, T0)).map((x) => x.id)).toEqual([m.id]);
    expect(await h.stores.clubs.upcomingMeetingsOf(left.id, T0)).toEqual([]);
    expect(await h.stores.clubs.upcomingMeetingsOf(b.id, at(3 * DAY))).toEqual([]);
  });

  it("keeps the latest RSVP per person with the member's name, and its signature moves", async () => {
    const club = await newClub();
    const [a, b] = [await h.person(), await h.person()];
    await h.stores.clubs.joinClub({ clubId: club.id, personId: a.id, displayName: "An", now: T0 });
    await h.stores.clubs.joinClub({ clubId: club.id, personId: b.id, displayName: "Bảo", now: T0 });
    const m = await meetingAt(club.id, at(2 * DAY));
    const sig0 = await h.stores.clubs.rsvpSignature(m.id);
    await h.stores.clubs.setRsvp({ meetingId: m.id, personId: a.id, answer: "yes", now: at(1000) });
    const sig1 = await h.stores.clubs.rsvpSignature(m.id);
    expect(sig1).not.toBe(sig0);
    await h.stores.clubs.setRsvp({ meetingId: m.id, personId: a.id, answer: "maybe", now: at(2000) });
    await h.stores.clubs.setRsvp({ meetingId: m.id, personId: b.id, answer: "no", now: at(3000) });
    expect(await h.stores.clubs.rsvpSignature(m.id)).not.toBe(sig1);
    expect(await h.stores.clubs.listRsvps(m.id)).toEqual([
      { personId: a.id, displayName: "An", answer: "maybe", answeredAt: at(2000) },
      { personId: b.id, displayName: "Bảo", answer: "no", answeredAt: at(3000) },
    ]);
  });

  it("lists due reminders, claims each once, and reminds only notified members who did not say no", async () => {
    const club = await newClub();
    const [yes, no, silent, unnotified] = [await h.person(), await h.person(), await h.person(), await h.person()];
    for (const p of [yes, no, silent, unnotified]) await h.stores.clubs.joinClub({ clubId: club.id, personId: p.id, displayName: "x", now: T0 });
    const m = await meetingAt(club.id, at(20 * HOUR));
    const later = await meetingAt(club.id, at(5 * DAY));
    for (const p of [yes, no, silent]) await h.stores.clubs.recordNotice({ meetingId: m.id, personId: p.id, kind: "notice", revision: 0, at: T0 });
    await h.stores.clubs.setRsvp({ meetingId: m.id, personId: yes.id, answer: "yes", now: T0 });
    await h.stores.clubs.setRsvp({ meetingId: m.id, personId: no.id, answer: "no", now: T0 });
    const due = (await h.stores.clubs.dueReminders(at(DAY), 100)).map((x) => x.id);
    expect(due).toContain(m.id);
    expect(due).not.toContain(later.id);
    expect((await h.stores.clubs.reminderRecipients(m.id)).map((r) => r.personId).sort()).toEqual([yes.id, silent.id].sort());
    expect(await h.stores.clubs.claimReminder(m.id, T0)).toBe(true);
    expect(await h.stores.clubs.claimReminder(m.id, T0)).toBe(false);
    expect((await h.stores.clubs.dueReminders(at(DAY), 100)).map((x) => x.id)).not.toContain(m.id);
  });

  it("erasing a person removes their membership, RSVPs and notices", async () => {
    const club = await newClub();
    const p = await h.person();
    await h.stores.clubs.joinClub({ clubId: club.id, personId: p.id, displayName: "x", now: T0 });
    const m = await meetingAt(club.id, at(2 * DAY));
    await h.stores.clubs.recordNotice({ meetingId: m.id, personId: p.id, kind: "notice", revision: 0, at: T0 });
    await h.stores.clubs.setRsvp({ meetingId: m.id, personId: p.id, answer: "yes", now: T0 });
    await h.stores.people.deletePersonData(p.id);
    expect(await h.stores.clubs.listRsvps(m.id)).toEqual([]);
    expect(await h.stores.clubs.notified(m.id)).toEqual([]);
    expect(await h.stores.clubs.listMembers(club.id)).toEqual([]);
  });
});
