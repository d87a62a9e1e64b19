// Cases: anonymous counselling requests under a short handle, the queue and who holds each case.
import type { CaseStore, QueueFilter, WaitingCrisis } from "../core/ports.ts";
import { QUEUE_ORDER } from "../core/ports.ts";
import type { Prisma, PrismaClient } from "./generated/client.ts";
import { withFreshHandle } from "./handles.ts";
import { scopeWhere, toCase, toCaseDetail, withAssignee } from "./rows.ts";

/** The core's queue order as Prisma's orderBy; the case's age breaks ties. */
const queueOrderBy: Prisma.CaseOrderByWithRelationInput[] = [
  ...QUEUE_ORDER.map((o) => ({ [o.field]: "nulls" in o ? { sort: o.direction, nulls: o.nulls } : o.direction })),
  { createdAt: "asc" as const },
];

function filterWhere(f: QueueFilter = {}): Prisma.CaseWhereInput {
  const where: Prisma.CaseWhereInput = {};
  if (f.priority !== undefined) where.priority = f.priority;
  if (f.concern !== undefined) where.concern = f.concern;
  if (f.provinceCode !== undefined) where.provinceCode = f.provinceCode === "none" ? null : f.provinceCode;
  if (f.holder?.kind === "mine") where.assignment = { is: { staffId: f.holder.staffId } };
  if (f.holder?.kind === "unclaimed") where.assignment = { is: null };
  if (f.handle) where.handle = { startsWith: f.handle };
  return where;
}

export function createCaseStore(prisma: PrismaClient): CaseStore {
  return {
    async createCase(input) {
      const row = await withFreshHandle(
        (handle) => prisma.case.create({ data: { ...input, handle } }),
        async (handle) => (await prisma.case.count({ where: { handle } })) > 0,
      );
      return toCase(row);
    },
    async listCases(personId) {
      const rows = await prisma.case.findMany({ where: { personId }, orderBy: { createdAt: "desc" }, take: 20 });
      return rows.map(toCase);
    },
    async findOpenCase(personId) {
      const row = await prisma.case.findFirst({ where: { personId, status: "open" }, orderBy: { createdAt: "desc" } });
      return row ? toCase(row) : null;
    },
    async findRecentlyClosedCase(personId, closedSince) {
      // Asked at every intake's end, and mostly finding nothing: Prisma runs an include's two relation
      // queries even for no row, so the assignee is read only for a case found.
      const found = await prisma.case.findFirst({
        where: { personId, status: "closed", closedAt: { gte: closedSince } },
        orderBy: { closedAt: "desc" },
        select: { id: true },
      });
      const row = found && (await prisma.case.findUnique({ where: { id: found.id }, include: withAssignee }));
      return row ? toCaseDetail(row) : null;
    },
    async reopenCase(caseId) {
      return (await prisma.case.updateMany({ where: { id: caseId, status: "closed" }, data: { status: "open", outcome: null, closedAt: null } })).count === 1;
    },
    async updateCase(caseId, patch) {
      await prisma.case.updateMany({ where: { id: caseId }, data: patch });
    },
    async notePersonMessage(caseId, at) {
      // Two single-row writes: the waiting time starts only when it had stopped (a reply cleared it).
      await prisma.case.updateMany({ where: { id: caseId }, data: { lastPersonMessageAt: at } });
      await prisma.case.updateMany({ where: { id: caseId, waitingSince: null }, data: { waitingSince: at } });
    },
    async noteCounsellorReply(caseId) {
      await prisma.case.updateMany({ where: { id: caseId }, data: { waitingSince: null } });
    },
    async findCaseByHandle(handle) {
      const row = await prisma.case.findUnique({ where: { handle }, include: withAssignee });
      return row ? toCaseDetail(row) : null;
    },
    async findCaseById(caseId) {
      const row = await prisma.case.findUnique({ where: { id: caseId }, include: withAssignee });
      return row ? toCaseDetail(row) : null;
    },
    async listQueue(scope, { limit, filter }) {
      const where = scopeWhere(scope);
      if (!where) return [];
      const rows = await prisma.case.findMany({
        where: { AND: [where, filterWhere(filter)], status: "open" },
        include: withAssignee,
        orderBy: queueOrderBy,
        take: limit,
      });
      return rows.map(toCaseDetail);
    },
    async queueSignature(scope) {
      const where = scopeWhere(scope);
      if (!where) return "none";
      const open = { ...where, status: "open" as const };
      // Two aggregates, run one after the other (PGlite runs one query at a time anyway).
      const cases = await prisma.case.aggregate({ where: open, _count: { _all: true }, _max: { updatedAt: true } });
      const claims = await prisma.caseAssignment.aggregate({ where: { case: open }, _count: { _all: true }, _max: { claimedAt: true } });
      return [cases._count._all, cases._max.updatedAt?.getTime() ?? 0, claims._count._all, claims._max.claimedAt?.getTime() ?? 0].join(":");
    },
    async caseSignature(caseId) {
      const row = await prisma.case.findUnique({
        where: { id: caseId },
        select: { updatedAt: true, assignment: { select: { staffId: true, claimedAt: true } } },
      });
      if (!row) return "gone";
      const messages = await prisma.message.aggregate({ where: { caseId }, _count: { _all: true }, _max: { seq: true, sentAt: true } });
      const statuses = await prisma.message.groupBy({ by: ["status"], where: { caseId }, _count: { _all: true }, orderBy: { status: "asc" } });
      const notes = await prisma.caseNote.count({ where: { caseId } });
      return [
        row.updatedAt.getTime(),
        row.assignment?.staffId ?? "-",
        row.assignment?.claimedAt.getTime() ?? 0,
        messages._count._all,
        String(messages._max.seq ?? 0),
        messages._max.sentAt?.getTime() ?? 0,
        statuses.map((s) => `${s.status}=${s._count._all}`).join(","),
        notes,
      ].join(":");
    },
    async markCaseSeen(caseId, staffId, at) {
      await prisma.$executeRaw`INSERT INTO "CaseView" ("caseId", "staffId", "seenAt") VALUES (${caseId}::uuid, ${staffId}::uuid, ${at})
        ON CONFLICT ("caseId", "staffId") DO UPDATE SET "seenAt" = GREATEST("CaseView"."seenAt", EXCLUDED."seenAt")`;
    },
    async listCaseSeen(staffId, caseIds) {
      if (caseIds.length === 0) return new Map();
      const rows = await prisma.caseView.findMany({ where: { staffId, caseId: { in: caseIds } } });
      return new Map(rows.map((r) => [r.caseId, r.seenAt]));
    },
    async claimCase(caseId, staffId, now) {
      // ON CONFLICT DO NOTHING rather than catching the clash: a failed statement would abort the
      // transaction a claim may run in (claim-case.ts records a fact with it).
      return (await prisma.caseAssignment.createMany({ data: [{ caseId, staffId, claimedAt: now }], skipDuplicates: true })).count === 1;
    },
    async releaseCase(caseId, staffId) {
      return (await prisma.caseAssignment.deleteMany({ where: { caseId, ...(staffId ? { staffId } : {}) } })).count > 0;
    },
    async assignCase(caseId, staffId, now) {
      await prisma.caseAssignment.upsert({ where: { caseId }, create: { caseId, staffId, claimedAt: now }, update: { staffId, claimedAt: now } });
    },
    async closeCase(caseId, outcome, now) {
      return (
        (await prisma.case.updateMany({ where: { id: caseId, status: "open" }, data: { status: "closed", outcome, closedAt: now, waitingSince: null } }))
          .count === 1
      );
    },
    async listWaitingCrises(limit) {
      const rows = await prisma.case.findMany({
        where: { status: "open", priority: 0, crisisSince: { not: null }, OR: [{ crisisPings: { lt: 2 } }, { crisisNoticeAt: null }] },
        include: withAssignee,
        orderBy: { crisisSince: "asc" },
        take: limit,
      });
      const out: WaitingCrisis[] = [];
      for (const row of rows) {
        const since = row.crisisSince as Date;
        const replies = await prisma.message.count({ where: { caseId: row.id, author: "counsellor", createdAt: { gte: since } } });
        out.push({
          case: { ...toCaseDetail(row), crisisSince: since },
          crisisPings: row.crisisPings,
          crisisNoticeAt: row.crisisNoticeAt,
          answered: replies > 0,
        });
      }
      return out;
    },
    async markCrisisPings(caseId, round) {
      return (await prisma.case.updateMany({ where: { id: caseId, crisisPings: { lt: round } }, data: { crisisPings: round } })).count === 1;
    },
    async markCrisisNotice(caseId, now) {
      return (await prisma.case.updateMany({ where: { id: caseId, crisisNoticeAt: null }, data: { crisisNoticeAt: now } })).count === 1;
    },
  };
}
