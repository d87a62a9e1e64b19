// Attendance and the alerts (issue 10, part C): meeting records, self check-ins, the quiet-clubs query,
// follow-up members' histories and the weekly digest's reservations. Decides nothing. Member display
// names are sealed at rest (ClubMember.displayNameEnc) and opened here.
import type { Sealer } from "../shared/crypto/sealer.ts";
import type { AttendanceMeeting, AttendanceStore, FollowUpHistory, MeetingRecordBefore } from "../core/ports.ts";
import type { PrismaClient } from "./generated/client.ts";
import { inTransaction, openOrEmpty, toStaff, withAreas } from "./rows.ts";
import { isUniqueViolation } from "./handles.ts";

const withClub = { club: { select: { name: true, kind: true, provinceCode: true, wardCode: true } } } as const;

type MeetingRow = {
  id: string;
  clubId: string;
  startsAt: Date;
  status: string;
  notHeldReason: string | null;
  walkIns: number;
  participantsTotal: number;
  checkInEnabled: boolean;
  club: { name: string; kind: string; provinceCode: number; wardCode: number | null };
};

/** The meeting's record before a save, its row locked until the transaction ends (two recorders in turn, not at once). */
async function lockMeeting(tx: PrismaClient, meetingId: string): Promise<MeetingRecordBefore> {
  const rows = await tx.$queryRaw<Array<{ status: string; participantsTotal: number }>>`
    SELECT status, "participantsTotal" FROM "Meeting" WHERE id = ${meetingId}::uuid FOR UPDATE`;
  const row = rows[0];
  return { held: row?.status === "held", participants: row?.participantsTotal ?? 0 };
}

const toMeeting = (m: MeetingRow): AttendanceMeeting => ({
  id: m.id,
  clubId: m.clubId,
  clubName: m.club.name,
  clubKind: m.club.kind,
  provinceCode: m.club.provinceCode,
  wardCode: m.club.wardCode,
  startsAt: m.startsAt,
  status: m.status,
  notHeldReason: m.notHeldReason,
  walkIns: m.walkIns,
  participantsTotal: m.participantsTotal,
  checkInEnabled: m.checkInEnabled,
});

export function createAttendanceStore(prisma: PrismaClient, sealer: Sealer): AttendanceStore {
  const open = (enc: string) => openOrEmpty((e) => sealer.open(e), enc);
  return {
    async getAttendanceMeeting(meetingId) {
      const m = await prisma.meeting.findUnique({ where: { id: meetingId }, include: withClub });
      return m ? toMeeting(m) : null;
    },
    async isClubLeader(clubId, staffId) {
      return (await prisma.clubLeader.count({ where: { clubId, staffId } })) > 0;
    },
    async attendanceSheet(meetingId) {
      const meeting = await prisma.meeting.findUnique({ where: { id: meetingId }, select: { clubId: true } });
      if (!meeting) return [];
      const [members, rows, rsvps] = await Promise.all([
        prisma.clubMember.findMany({ where: { clubId: meeting.clubId }, orderBy: { joinedAt: "asc" } }),
        prisma.meetingAttendance.findMany({ where: { meetingId } }),
        prisma.meetingRsvp.findMany({ where: { meetingId } }),
      ]);
      const byPerson = new Map(rows.map((r) => [r.personId, r]));
      const rsvpOf = new Map(rsvps.map((r) => [r.personId, r.answer]));
      return members
        .filter((m) => m.leftAt === null || byPerson.has(m.personId))
        .map((m) => {
          const row = byPerson.get(m.personId);
          return {
            personId: m.personId,
            displayName: open(m.displayNameEnc),
            rsvp: rsvpOf.get(m.personId) ?? null,
            present: row ? row.present : null,
            reason: row?.reason ?? null,
            recordedBy: row?.recordedBy ?? null,
          };
        })
        .sort((a, b) => a.displayName.localeCompare(b.displayName, "vi"));
    },
    async saveHeld({ meetingId, walkIns, participantsTotal, lines, now }) {
      return inTransaction(prisma, async (tx) => {
        const before = await lockMeeting(tx, meetingId);
        await tx.meetingAttendance.deleteMany({ where: { meetingId } });
        await tx.meetingAttendance.createMany({
          data: lines.map((l) => ({ meetingId, personId: l.personId, present: l.present, reason: l.reason, recordedBy: "staff", at: now })),
        });
        await tx.meeting.update({ where: { id: meetingId }, data: { status: "held", notHeldReason: null, walkIns, participantsTotal } });
        return before;
      });
    },
    async saveNotHeld({ meetingId, reason }) {
      return inTransaction(prisma, async (tx) => {
        const before = await lockMeeting(tx, meetingId);
        await tx.meetingAttendance.deleteMany({ where: { meetingId } });
        await tx.meeting.update({ where: { id: meetingId }, data: { status: "not_held", notHeldReason: reason, walkIns: 0, participantsTotal: 0 } });
        return before;
      });
    },
    async setCheckInEnabled(meetingId, enabled) {
      await prisma.meeting.updateMany({ where: { id: meetingId }, data: { checkInEnabled: enabled } });
    },

    async checkInMeetings(from, until) {
      const rows = await prisma.meeting.findMany({
        where: { checkInEnabled: true, status: { in: ["scheduled", "held"] }, startsAt: { gte: from, lt: until }, club: { active: true } },
        include: withClub,
        orderBy: { startsAt: "asc" },
      });
      return rows.map(toMeeting);
    },
    async checkInRecipients(meetingId) {
      const meeting = await prisma.meeting.findUnique({ where: { id: meetingId }, select: { clubId: true } });
      if (!meeting) return [];
      const rsvps = await prisma.meetingRsvp.findMany({
        where: {
          meetingId,
          answer: { in: ["yes", "maybe"] },
          person: { clubs: { some: { clubId: meeting.clubId, leftAt: null } }, attendances: { none: { meetingId } } },
        },
        select: { personId: true },
        orderBy: { answeredAt: "asc" },
      });
      return rsvps.map((r) => r.personId);
    },
    async claimNotice({ meetingId, personId, kind, now }) {
      const { count } = await prisma.meetingNotice.createMany({ data: [{ meetingId, personId, kind, revision: 0, at: now }], skipDuplicates: true });
      return count === 1;
    },
    async recordSelfCheckIn({ meetingId, personId, now }) {
      const meeting = await prisma.meeting.findUnique({ where: { id: meetingId }, select: { clubId: true } });
      const member = meeting ? await prisma.clubMember.count({ where: { clubId: meeting.clubId, personId, leftAt: null } }) : 0;
      if (member === 0) return "not_member";
      const { count } = await prisma.meetingAttendance.createMany({
        data: [{ meetingId, personId, present: true, recordedBy: "self_check_in", at: now }],
        skipDuplicates: true,
      });
      return count === 1 ? "recorded" : "already";
    },

    async quietClubs({ provinceCodes, from, to }) {
      const rows = await prisma.club.findMany({
        where: {
          active: true,
          ...(provinceCodes ? { provinceCode: { in: provinceCodes } } : {}),
          meetings: { none: { status: "held", startsAt: { gte: from, lt: to } } },
        },
        include: { meetings: { where: { status: "held" }, orderBy: { startsAt: "desc" }, take: 1, select: { startsAt: true } } },
        orderBy: [{ provinceCode: "asc" }, { wardCode: "asc" }, { name: "asc" }],
      });
      return rows.map((c) => ({
        id: c.id,
        name: c.name,
        kind: c.kind,
        provinceCode: c.provinceCode,
        wardCode: c.wardCode,
        lastHeldAt: c.meetings[0]?.startsAt ?? null,
      }));
    },

    async followUpHistories(since) {
      const missed = await prisma.meetingAttendance.findMany({
        where: { present: false, meeting: { status: "held", startsAt: { gte: since } } },
        select: { personId: true, meeting: { select: { clubId: true } } },
      });
      const pairs = [...new Map(missed.map((m) => [`${m.meeting.clubId}:${m.personId}`, { clubId: m.meeting.clubId, personId: m.personId }])).values()];
      if (pairs.length === 0) return [];
      const members = await prisma.clubMember.findMany({
        where: { followUp: true, leftAt: null, OR: pairs, club: { active: true } },
        select: { clubId: true, personId: true, club: { select: { provinceCode: true, wardCode: true } } },
      });
      const histories: FollowUpHistory[] = [];
      for (const m of members) {
        const rows = await prisma.meetingAttendance.findMany({
          where: { personId: m.personId, meeting: { clubId: m.clubId, status: "held", startsAt: { gte: since } } },
          select: { meetingId: true, present: true, meeting: { select: { startsAt: true } } },
          orderBy: { meeting: { startsAt: "asc" } },
        });
        histories.push({
          clubId: m.clubId,
          personId: m.personId,
          provinceCode: m.club.provinceCode,
          wardCode: m.club.wardCode,
          meetings: rows.map((r) => ({ meetingId: r.meetingId, startsAt: r.meeting.startsAt, present: r.present })),
        });
      }
      return histories;
    },

    async digestRecipients() {
      const rows = await prisma.staff.findMany({ where: { role: "supervisor", active: true, telegramChatEnc: { not: null } }, include: withAreas });
      return rows.flatMap((row) => {
        try {
          return [{ staff: toStaff(row), telegramChatId: sealer.open(row.telegramChatEnc!) }];
        } catch {
          return []; // sealed with a retired key: the link must be renewed
        }
      });
    },
    async claimDigest({ staffId, week, now }) {
      try {
        return (await prisma.clubDigest.create({ data: { staffId, week, status: "sending", createdAt: now }, select: { id: true } })).id;
      } catch (error) {
        if (isUniqueViolation(error)) return null;
        throw error;
      }
    },
    async finishDigest(id, status) {
      await prisma.clubDigest.updateMany({ where: { id }, data: { status } });
    },
    async dropDigest(id) {
      await prisma.clubDigest.deleteMany({ where: { id, status: "sending" } });
    },
  };
}
