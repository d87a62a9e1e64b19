// Clubs, members (display name sealed at rest), meetings, RSVPs and the notices sent about them.
import type { ClubKind, ClubRecord, ClubStore, MeetingRecipient, MeetingRecord, MeetingStatus, NoticeKind, RsvpAnswer } from "../core/clubs/ports.ts";
import type { Sealer } from "../shared/crypto/sealer.ts";
import type { Prisma, PrismaClient } from "./generated/client.ts";
import { prismaQuery, utc, type RawQuery } from "./raw-sql.ts";
import { openOrEmpty } from "./rows.ts";

const clubParts = {
  leaders: { include: { staff: { select: { id: true, displayName: true } } } },
  _count: { select: { members: { where: { leftAt: null } } } },
} as const satisfies Prisma.ClubInclude;
type ClubRow = Prisma.ClubGetPayload<{ include: typeof clubParts }>;
const meetingParts = { club: { select: { name: true } } } as const satisfies Prisma.MeetingInclude;
type MeetingRow = Prisma.MeetingGetPayload<{ include: typeof meetingParts }>;

const toClub = (r: ClubRow): ClubRecord => ({
  id: r.id,
  name: r.name,
  kind: r.kind as ClubKind,
  provinceCode: r.provinceCode,
  wardCode: r.wardCode,
  joinCode: r.joinCode,
  active: r.active,
  createdAt: r.createdAt,
  memberCount: r._count.members,
  leaders: r.leaders.map((l) => ({ id: l.staff.id, displayName: l.staff.displayName })).sort((a, b) => a.displayName.localeCompare(b.displayName)),
});

const toMeeting = (r: MeetingRow): MeetingRecord => ({
  id: r.id,
  clubId: r.clubId,
  clubName: r.club.name,
  startsAt: r.startsAt,
  place: r.place,
  agendaVi: r.agendaVi,
  agendaEn: r.agendaEn,
  status: r.status as MeetingStatus,
  revision: r.revision,
  reminderSentAt: r.reminderSentAt,
  createdAt: r.createdAt,
});

const recipient = (p: { id: string; locale: string }): MeetingRecipient => ({ personId: p.id, locale: p.locale });

/**
 * The person's newest notice, change or reminder of a meeting still scheduled (the RSVP-by-digit check on
 * every typed "1"–"3"), `person` a uuid expression. One plain statement, so the check stays on a turn's
 * plain path (plain-turn-stores.ts); the turn's opening read joins it too (turn-store.ts).
 */
export const NEWEST_NOTICE_SQL = (person: string): string =>
  `SELECT n."meetingId"::text AS "meetingId", n.at::text AS at FROM "MeetingNotice" n JOIN "Meeting" m ON m.id = n."meetingId"
   WHERE n."personId" = ${person} AND n.kind IN ('notice', 'change', 'reminder') AND m.status = 'scheduled'
   ORDER BY n.at DESC LIMIT 1`;

export const newestNoticeWith =
  (query: RawQuery): ClubStore["newestNotice"] =>
  async (personId) => {
    const [row] = await query<{ meetingId: string; at: string }>(NEWEST_NOTICE_SQL("$1::uuid"), [personId]);
    return row ? { meetingId: row.meetingId, at: utc(row.at) } : null;
  };

export function createClubStore(prisma: PrismaClient, sealer: Sealer): ClubStore {
  const open = (enc: string) => openOrEmpty((e) => sealer.open(e), enc);
  const getMeeting = async (id: string): Promise<MeetingRecord | null> => {
    const row = await prisma.meeting.findUnique({ where: { id }, include: meetingParts });
    return row ? toMeeting(row) : null;
  };
  return {
    async createClub(i) {
      const row = await prisma.club.create({
        data: { name: i.name, kind: i.kind, provinceCode: i.provinceCode, wardCode: i.wardCode, joinCode: i.joinCode },
        include: clubParts,
      });
      return toClub(row);
    },
    async getClub(id) {
      const row = await prisma.club.findUnique({ where: { id }, include: clubParts });
      return row ? toClub(row) : null;
    },
    async joinCodeTaken(joinCode) {
      return (await prisma.club.count({ where: { joinCode } })) > 0;
    },
    async updateClub(id, patch) {
      const { count } = await prisma.club.updateMany({ where: { id }, data: patch });
      if (count === 0) return null;
      const row = await prisma.club.findUnique({ where: { id }, include: clubParts });
      return row ? toClub(row) : null;
    },
    async findClubByCode(joinCode) {
      const row = await prisma.club.findUnique({ where: { joinCode }, include: clubParts });
      return row && row.active ? toClub(row) : null;
    },
    async listClubs(f) {
      const rows = await prisma.club.findMany({
        where: {
          ...(f.provinceCodes ? { provinceCode: { in: f.provinceCodes } } : {}),
          ...(f.clubIds ? { id: { in: f.clubIds } } : {}),
        },
        include: clubParts,
        orderBy: { name: "asc" },
      });
      return rows.map(toClub);
    },
    async clubsLedBy(staffId) {
      return (await prisma.clubLeader.findMany({ where: { staffId }, select: { clubId: true } })).map((r) => r.clubId);
    },
    async setLeaders(clubId, staffIds) {
      await prisma.$transaction([
        prisma.clubLeader.deleteMany({ where: { clubId, staffId: { notIn: staffIds } } }),
        prisma.clubLeader.createMany({ data: staffIds.map((staffId) => ({ clubId, staffId })), skipDuplicates: true }),
      ]);
    },
    async joinClub(i) {
      const existing = await prisma.clubMember.findUnique({ where: { clubId_personId: { clubId: i.clubId, personId: i.personId } } });
      if (existing && existing.leftAt === null) return "already";
      const data = { displayNameEnc: sealer.seal(i.displayName), consentAt: i.now, joinedAt: i.now, leftAt: null };
      await prisma.clubMember.upsert({
        where: { clubId_personId: { clubId: i.clubId, personId: i.personId } },
        create: { clubId: i.clubId, personId: i.personId, ...data },
        update: data,
      });
      return "joined";
    },
    async leaveClub(clubId, personId, now) {
      const { count } = await prisma.clubMember.updateMany({ where: { clubId, personId, leftAt: null }, data: { leftAt: now } });
      return count > 0;
    },
    async listMembers(clubId) {
      const rows = await prisma.clubMember.findMany({ where: { clubId, leftAt: null }, orderBy: { joinedAt: "asc" } });
      return rows.map((r) => ({ personId: r.personId, displayName: open(r.displayNameEnc), followUp: r.followUp, joinedAt: r.joinedAt, leftAt: r.leftAt }));
    },
    async clubsOf(personId) {
      const rows = await prisma.club.findMany({ where: { members: { some: { personId, leftAt: null } } }, include: clubParts, orderBy: { name: "asc" } });
      return rows.map(toClub);
    },
    async isMember(clubId, personId) {
      return (await prisma.clubMember.count({ where: { clubId, personId, leftAt: null } })) > 0;
    },
    async setFollowUp(clubId, personId, on) {
      const { count } = await prisma.clubMember.updateMany({ where: { clubId, personId, leftAt: null }, data: { followUp: on } });
      return count > 0;
    },
    async followedClubs(personId) {
      const rows = await prisma.clubMember.findMany({ where: { personId, leftAt: null, followUp: true }, select: { clubId: true } });
      return rows.map((r) => r.clubId);
    },

    async createMeeting(i) {
      const row = await prisma.meeting.create({
        data: { clubId: i.clubId, startsAt: i.startsAt, place: i.place, agendaVi: i.agendaVi, agendaEn: i.agendaEn, createdById: i.createdById },
        include: meetingParts,
      });
      return toMeeting(row);
    },
    getMeeting,
    async updateMeeting(id, i) {
      const { count } = await prisma.meeting.updateMany({
        where: { id, status: "scheduled" },
        data: {
          startsAt: i.startsAt,
          place: i.place,
          agendaVi: i.agendaVi,
          agendaEn: i.agendaEn,
          ...(i.bumpRevision ? { revision: { increment: 1 }, reminderSentAt: null } : {}),
        },
      });
      if (count === 0) return null;
      return getMeeting(id);
    },
    async cancelMeeting(id) {
      const { count } = await prisma.meeting.updateMany({ where: { id, status: "scheduled" }, data: { status: "cancelled" } });
      return count > 0;
    },
    async listMeetings(clubId, limit) {
      const rows = await prisma.meeting.findMany({ where: { clubId }, include: meetingParts, orderBy: { startsAt: "desc" }, take: limit });
      return rows.map(toMeeting);
    },
    async upcomingMeetingsOf(personId, from) {
      const rows = await prisma.meeting.findMany({
        where: { status: "scheduled", startsAt: { gt: from }, club: { members: { some: { personId, leftAt: null } } } },
        include: meetingParts,
        orderBy: { startsAt: "asc" },
        take: 10,
      });
      return rows.map(toMeeting);
    },

    async meetingRecipients(clubId) {
      const rows = await prisma.person.findMany({
        where: { reachable: true, clubs: { some: { clubId, leftAt: null } } },
        select: { id: true, locale: true },
        orderBy: { createdAt: "asc" },
      });
      return rows.map(recipient);
    },
    async recordNotice(i) {
      const { count } = await prisma.meetingNotice.createMany({
        data: [{ meetingId: i.meetingId, personId: i.personId, kind: i.kind, revision: i.revision, at: i.at }],
        skipDuplicates: true,
      });
      return count > 0;
    },
    async notified(meetingId) {
      const rows = await prisma.person.findMany({
        where: { meetingNotices: { some: { meetingId, kind: "notice" satisfies NoticeKind } } },
        select: { id: true, locale: true },
        orderBy: { createdAt: "asc" },
      });
      return rows.map(recipient);
    },
    newestNotice: newestNoticeWith(prismaQuery(prisma)),

    async setRsvp(i) {
      const data = { answer: i.answer, answeredAt: i.now };
      await prisma.meetingRsvp.upsert({
        where: { meetingId_personId: { meetingId: i.meetingId, personId: i.personId } },
        create: { meetingId: i.meetingId, personId: i.personId, ...data },
        update: data,
      });
    },
    async listRsvps(meetingId) {
      const meeting = await prisma.meeting.findUnique({ where: { id: meetingId }, select: { clubId: true } });
      if (!meeting) return [];
      const rows = await prisma.meetingRsvp.findMany({ where: { meetingId }, orderBy: { answeredAt: "asc" } });
      const members = await prisma.clubMember.findMany({
        where: { clubId: meeting.clubId, personId: { in: rows.map((r) => r.personId) } },
        select: { personId: true, displayNameEnc: true },
      });
      const names = new Map(members.map((m) => [m.personId, open(m.displayNameEnc)]));
      return rows.map((r) => ({ personId: r.personId, displayName: names.get(r.personId) ?? "", answer: r.answer as RsvpAnswer, answeredAt: r.answeredAt }));
    },
    async rsvpSignature(meetingId) {
      const agg = await prisma.meetingRsvp.aggregate({ where: { meetingId }, _count: { _all: true }, _max: { answeredAt: true } });
      const meeting = await prisma.meeting.findUnique({ where: { id: meetingId }, select: { updatedAt: true } });
      return `${agg._count._all}:${agg._max.answeredAt?.getTime() ?? 0}:${meeting?.updatedAt.getTime() ?? 0}`;
    },

    async dueReminders(until, limit) {
      const rows = await prisma.meeting.findMany({
        where: { status: "scheduled", reminderSentAt: null, startsAt: { lte: until } },
        include: meetingParts,
        orderBy: { startsAt: "asc" },
        take: limit,
      });
      return rows.map(toMeeting);
    },
    async claimReminder(meetingId, now) {
      const { count } = await prisma.meeting.updateMany({ where: { id: meetingId, reminderSentAt: null }, data: { reminderSentAt: now } });
      return count > 0;
    },
    async reminderRecipients(meetingId) {
      const meeting = await prisma.meeting.findUnique({ where: { id: meetingId }, select: { clubId: true } });
      if (!meeting) return [];
      const rows = await prisma.person.findMany({
        where: {
          reachable: true,
          meetingNotices: { some: { meetingId, kind: "notice" } },
          clubs: { some: { clubId: meeting.clubId, leftAt: null } },
          NOT: { meetingRsvps: { some: { meetingId, answer: "no" } } },
        },
        select: { id: true, locale: true },
        orderBy: { createdAt: "asc" },
      });
      return rows.map(recipient);
    },
  };
}
