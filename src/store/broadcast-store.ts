// Broadcasts and their delivery rows. The audience is one SQL shape per kind (audienceSql): current
// club members or active tip subscribers, reachable people only. A delivery's outcome is its outbox
// message's status (Message, keyed broadcast:<id>:<personId>), read by a join, never copied.
import type { Audience, AudienceKind, BroadcastCounts, BroadcastRecord, BroadcastStatus, BroadcastStore } from "../core/broadcasts/ports.ts";
import type { ChannelName } from "../core/ports.ts";
import { Prisma, type PrismaClient } from "./generated/client.ts";

type Row = Prisma.BroadcastGetPayload<object>;

function toAudience(r: Pick<Row, "audience" | "clubId" | "provinceCode">): Audience {
  const kind = r.audience as AudienceKind;
  if (kind === "club") return { kind, clubId: r.clubId ?? "" };
  if (kind === "area_subscribers") return { kind, provinceCode: r.provinceCode ?? 0 };
  return { kind: "all_opted_in" };
}

/** (id, channel) of everyone the audience holds now. */
function audienceSql(a: Audience): Prisma.Sql {
  if (a.kind === "club") {
    return Prisma.sql`SELECT p.id, p.channel FROM "ClubMember" m JOIN "Person" p ON p.id = m."personId"
      WHERE m."clubId" = ${a.clubId}::uuid AND m."leftAt" IS NULL AND p.reachable`;
  }
  const area = a.kind === "area_subscribers" ? Prisma.sql`AND s."provinceCode" = ${a.provinceCode}` : Prisma.empty;
  return Prisma.sql`SELECT p.id, p.channel FROM "TipSubscription" s JOIN "Person" p ON p.id = s."personId"
    WHERE s."unsubscribedAt" IS NULL AND p.reachable ${area}`;
}

export function createBroadcastStore(prisma: PrismaClient): BroadcastStore {
  const clubProvinces = async (rows: Row[]): Promise<Map<string, number>> => {
    const ids = [...new Set(rows.map((r) => r.clubId).filter((id): id is string => id !== null))];
    if (ids.length === 0) return new Map();
    const clubs = await prisma.club.findMany({ where: { id: { in: ids } }, select: { id: true, provinceCode: true } });
    return new Map(clubs.map((c) => [c.id, c.provinceCode]));
  };
  const toRecord = (r: Row, provinces: Map<string, number>): BroadcastRecord => ({
    id: r.id,
    createdById: r.createdById,
    audience: toAudience(r),
    provinceCode: r.clubId ? (provinces.get(r.clubId) ?? null) : r.provinceCode,
    body: { vi: r.bodyVi, en: r.bodyEn },
    status: r.status as BroadcastStatus,
    plannedCount: r.plannedCount,
    createdAt: r.createdAt,
    startedAt: r.startedAt,
    fannedOutAt: r.fannedOutAt,
    finishedAt: r.finishedAt,
    cancelledAt: r.cancelledAt,
  });
  const records = async (rows: Row[]) => {
    const provinces = await clubProvinces(rows);
    return rows.map((r) => toRecord(r, provinces));
  };
  // Queued outbox messages of this broadcast that no sender has claimed yet are given up (failed, no
  // next attempt) and their delivery rows say cancelled, in one statement. A row a sender claimed
  // meanwhile is pending, so it no longer matches (the row lock makes this exact): it may still go out.
  const stopQueued = (db: Pick<PrismaClient, "$executeRaw">, id: string) => db.$executeRaw`
    WITH stopped AS (
      UPDATE "Message" m SET status = 'failed', "nextAttemptAt" = NULL
      FROM "BroadcastDelivery" d
      WHERE d."broadcastId" = ${id}::uuid AND d."messageId" = m.id AND m.status = 'queued'
      RETURNING m.id
    )
    UPDATE "BroadcastDelivery" d SET status = 'cancelled'
    WHERE d."broadcastId" = ${id}::uuid AND d."messageId" IN (SELECT id FROM stopped)`;

  return {
    async create({ createdById, audience, body }, now) {
      const row = await prisma.broadcast.create({
        data: {
          createdById,
          audience: audience.kind,
          clubId: audience.kind === "club" ? audience.clubId : null,
          provinceCode: audience.kind === "area_subscribers" ? audience.provinceCode : null,
          bodyVi: body.vi,
          bodyEn: body.en,
          createdAt: now,
        },
      });
      return (await records([row]))[0]!;
    },
    async get(id) {
      const row = await prisma.broadcast.findUnique({ where: { id } });
      return row ? (await records([row]))[0]! : null;
    },
    async list({ scope, limit }) {
      const where: Prisma.BroadcastWhereInput | undefined = scope
        ? {
            OR: [
              { clubId: { in: scope.clubIds } },
              { provinceCode: { in: scope.provinceCodes } },
              ...(scope.provinceCodes.length > 0 ? [{ clubId: { in: await clubIdsIn(prisma, scope.provinceCodes) } }] : []),
            ],
          }
        : undefined;
      return records(await prisma.broadcast.findMany({ where, orderBy: { createdAt: "desc" }, take: limit }));
    },
    async countAudience(audience) {
      const rows = await prisma.$queryRaw<Array<{ n: number }>>`SELECT count(*)::int AS n FROM (${audienceSql(audience)}) a`;
      return rows[0]?.n ?? 0;
    },
    async getClub(clubId) {
      return prisma.club.findFirst({ where: { id: clubId, active: true }, select: { id: true, name: true, provinceCode: true } });
    },
    async listClubs(filter) {
      const where: Prisma.ClubWhereInput = { active: true };
      if (filter?.provinceCodes) where.provinceCode = { in: filter.provinceCodes };
      if (filter?.ids) where.id = { in: filter.ids };
      return prisma.club.findMany({ where, select: { id: true, name: true, provinceCode: true }, orderBy: { name: "asc" } });
    },
    async clubsLedBy(staffId) {
      const rows = await prisma.clubLeader.findMany({ where: { staffId }, select: { clubId: true } });
      return rows.map((r) => r.clubId);
    },
    async markSending(id, plannedCount, now) {
      const { count } = await prisma.broadcast.updateMany({ where: { id, status: "draft" }, data: { status: "sending", plannedCount, startedAt: now } });
      return count === 1;
    },
    async addDeliveries(id, audience, limit) {
      // Next people by id after the last row made: a rerun picks up where a crash stopped, and ON
      // CONFLICT makes a concurrent run harmless.
      return prisma.$executeRaw`
        INSERT INTO "BroadcastDelivery" ("broadcastId", "personId", channel)
        SELECT ${id}::uuid, a.id, a.channel FROM (${audienceSql(audience)}) a
        WHERE a.id > COALESCE((SELECT max("personId"::text)::uuid FROM "BroadcastDelivery" WHERE "broadcastId" = ${id}::uuid), '00000000-0000-0000-0000-000000000000'::uuid)
        ORDER BY a.id LIMIT ${limit}
        ON CONFLICT DO NOTHING`;
    },
    async plannedDeliveries(id, limit) {
      const rows = await prisma.broadcastDelivery.findMany({
        where: { broadcastId: id, status: "planned" },
        select: { personId: true, person: { select: { locale: true } } },
        orderBy: { personId: "asc" },
        take: limit,
      });
      return rows.map((r) => ({ personId: r.personId, locale: r.person.locale }));
    },
    async markQueued(id, queued) {
      if (queued.length === 0) return;
      const rows = queued.map((q) => ({ person: q.personId, message: q.messageId }));
      await prisma.$executeRaw`
        UPDATE "BroadcastDelivery" d SET status = 'queued', "messageId" = q.message
        FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) AS q(person uuid, message uuid)
        WHERE d."broadcastId" = ${id}::uuid AND d."personId" = q.person AND d.status = 'planned'`;
    },
    async markFannedOut(id, now) {
      await prisma.broadcast.updateMany({ where: { id, fannedOutAt: null }, data: { fannedOutAt: now } });
    },
    async markDoneIfSettled(id, now) {
      const c = await this.counts(id);
      if (c.planned + c.queued > 0) return false;
      const { count } = await prisma.broadcast.updateMany({
        where: { id, status: "sending", fannedOutAt: { not: null } },
        data: { status: "done", finishedAt: now },
      });
      return count === 1;
    },
    async cancel(id, now) {
      return prisma.$transaction(async (tx) => {
        const { count } = await tx.broadcast.updateMany({
          where: { id, status: { in: ["draft", "sending"] } },
          data: { status: "cancelled", cancelledAt: now, finishedAt: now },
        });
        if (count === 0) return null;
        const planned = await tx.broadcastDelivery.updateMany({ where: { broadcastId: id, status: "planned" }, data: { status: "cancelled" } });
        const queued = await stopQueued(tx, id);
        return { stopped: planned.count + queued };
      });
    },
    stopQueued: (id) => stopQueued(prisma, id),
    async counts(id) {
      const rows = await prisma.$queryRaw<Array<{ state: string; channel: ChannelName; n: number }>>`
        SELECT CASE WHEN d.status IN ('planned', 'cancelled') THEN d.status
                    WHEN m.status IN ('queued', 'pending') OR (m.status = 'failed' AND m."nextAttemptAt" IS NOT NULL) THEN 'queued'
                    WHEN m.status IS NULL THEN 'failed'
                    ELSE m.status::text END AS state,
               d.channel, count(*)::int AS n
        FROM "BroadcastDelivery" d LEFT JOIN "Message" m ON m.id = d."messageId"
        WHERE d."broadcastId" = ${id}::uuid
        GROUP BY 1, 2`;
      const c: BroadcastCounts = { recipients: 0, planned: 0, queued: 0, sent: 0, failed: 0, unreachable: 0, cancelled: 0, remainingByChannel: {} };
      for (const r of rows) {
        c.recipients += r.n;
        const state = r.state as keyof Omit<BroadcastCounts, "recipients" | "remainingByChannel">;
        if (state in c) c[state] += r.n;
        if (state === "planned" || state === "queued") c.remainingByChannel[r.channel] = (c.remainingByChannel[r.channel] ?? 0) + r.n;
      }
      return c;
    },
    async listUnfannedOut(limit) {
      const rows = await prisma.broadcast.findMany({
        where: { status: "sending", fannedOutAt: null },
        select: { id: true },
        orderBy: { startedAt: "asc" },
        take: limit,
      });
      return rows.map((r) => r.id);
    },
  };
}

async function clubIdsIn(prisma: PrismaClient, provinceCodes: number[]): Promise<string[]> {
  const rows = await prisma.club.findMany({ where: { provinceCode: { in: provinceCodes } }, select: { id: true } });
  return rows.map((r) => r.id);
}
