// Console case work: the queue, claims, closing, the case's messages and notes (sealed at rest),
// ready answers, and the audit trail.
import type { Sealer } from "../shared/crypto/sealer.ts";
import type { CaseScope, ConsoleCase, ConsoleStore, StaffAlertStore } from "../console/ports.ts";
import type { MessageBody } from "../core/ports.ts";
import type { Prisma, PrismaClient } from "./generated/client.ts";
import { isUniqueViolation } from "./handles.ts";
import { toCase } from "./case-repo.ts";
import type { StaffMethod } from "./console-staff.ts";

type CaseRepo = Omit<ConsoleStore, keyof StaffAlertStore | StaffMethod>;

export const withAssignee = { assignment: { include: { staff: { select: { id: true, displayName: true } } } } } as const;

type CaseRow = Prisma.CaseGetPayload<{ include: typeof withAssignee }>;

export function toConsoleCase(row: CaseRow): ConsoleCase {
  return {
    ...toCase(row),
    outcome: row.outcome,
    closedAt: row.closedAt,
    assignee: row.assignment ? { id: row.assignment.staff.id, displayName: row.assignment.staff.displayName, claimedAt: row.assignment.claimedAt } : null,
  };
}

/** The where-clause for a scope; null means "nothing". */
export function scopeWhere(scope: CaseScope): Prisma.CaseWhereInput | null {
  if (scope.kind === "all") return {};
  if (scope.kind === "none") return null;
  const or: Prisma.CaseWhereInput[] = [{ provinceCode: { in: scope.provinceCodes } }];
  if (scope.includeNoArea) or.push({ provinceCode: null });
  return { OR: or };
}

export function createConsoleCaseRepo(prisma: PrismaClient, sealer: Sealer): CaseRepo {
  const openBody = (enc: string): string => {
    try {
      return sealer.open(enc);
    } catch {
      return "";
    }
  };
  return {
    async listQueue(scope, { limit }) {
      const where = scopeWhere(scope);
      if (!where) return [];
      const rows = await prisma.case.findMany({
        where: { ...where, status: "open" },
        include: withAssignee,
        orderBy: [{ priority: "asc" }, { lastPersonMessageAt: "asc" }, { createdAt: "asc" }],
        take: limit,
      });
      return rows.map(toConsoleCase);
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
    async findCaseByHandle(handle) {
      const row = await prisma.case.findUnique({ where: { handle }, include: withAssignee });
      return row ? toConsoleCase(row) : null;
    },
    async caseChannel(caseId) {
      return (await prisma.case.findUnique({ where: { id: caseId }, select: { channel: true } }))?.channel ?? null;
    },
    async claimCase(caseId, staffId, now) {
      try {
        await prisma.caseAssignment.create({ data: { caseId, staffId, claimedAt: now } });
        return true;
      } catch (error) {
        if (isUniqueViolation(error)) return false;
        throw error;
      }
    },
    async releaseCase(caseId, staffId) {
      return (await prisma.caseAssignment.deleteMany({ where: { caseId, ...(staffId ? { staffId } : {}) } })).count > 0;
    },
    async assignCase(caseId, staffId, now) {
      await prisma.caseAssignment.upsert({ where: { caseId }, create: { caseId, staffId, claimedAt: now }, update: { staffId, claimedAt: now } });
    },
    async closeCase(caseId, outcome, now) {
      return (await prisma.case.updateMany({ where: { id: caseId, status: "open" }, data: { status: "closed", outcome, closedAt: now } })).count === 1;
    },
    async listCaseMessages(caseId, limit) {
      const rows = await prisma.message.findMany({ where: { caseId }, orderBy: { seq: "desc" }, take: limit });
      return rows.reverse().map((r) => {
        const text = openBody(r.bodyEnc);
        let body: MessageBody;
        try {
          body = JSON.parse(text) as MessageBody;
        } catch {
          body = { kind: "unsupported", media: "unreadable" };
        }
        return { id: r.id, seq: Number(r.seq), direction: r.direction, author: r.author, body, status: r.status, createdAt: r.createdAt };
      });
    },
    async lastCounsellorMessageId(caseId) {
      const row = await prisma.message.findFirst({ where: { caseId, author: "counsellor" }, orderBy: { seq: "desc" }, select: { id: true } });
      return row?.id ?? null;
    },

    async addNote({ caseId, staffId, body, now }) {
      const row = await prisma.caseNote.create({ data: { caseId, staffId, bodyEnc: sealer.seal(body), createdAt: now }, include: { staff: { select: { displayName: true } } } });
      return { id: row.id, author: row.staff.displayName, body, createdAt: row.createdAt };
    },
    async listNotes(caseId) {
      const rows = await prisma.caseNote.findMany({ where: { caseId }, orderBy: { createdAt: "asc" }, include: { staff: { select: { displayName: true } } } });
      return rows.map((r) => ({ id: r.id, author: r.staff.displayName, body: openBody(r.bodyEnc), createdAt: r.createdAt }));
    },
    async listCannedReplies(locale) {
      const rows = await prisma.cannedReply.findMany({ where: locale ? { locale } : {}, orderBy: [{ locale: "asc" }, { title: "asc" }] });
      return rows.map(({ id, locale: l, title, body }) => ({ id, locale: l, title, body }));
    },
    async getCannedReply(id) {
      const row = await prisma.cannedReply.findUnique({ where: { id } });
      return row ? { id: row.id, locale: row.locale, title: row.title, body: row.body } : null;
    },
    async saveCannedReply({ id, ...data }) {
      const row = id ? await prisma.cannedReply.update({ where: { id }, data }) : await prisma.cannedReply.create({ data });
      return { id: row.id, locale: row.locale, title: row.title, body: row.body };
    },
    async deleteCannedReply(id) {
      return (await prisma.cannedReply.deleteMany({ where: { id } })).count > 0;
    },

    async audit(entry, now) {
      await prisma.consoleAudit.create({
        data: { at: now, actorId: entry.actorId, action: entry.action, caseId: entry.caseId ?? null, targetId: entry.targetId ?? null, details: (entry.details ?? {}) as Prisma.InputJsonValue },
      });
    },
    async listAudit({ caseId, limit }) {
      const rows = await prisma.consoleAudit.findMany({ where: caseId ? { caseId } : {}, orderBy: { at: "desc" }, take: limit });
      const staffIds = [...new Set(rows.flatMap((r) => [r.actorId, r.targetId]).filter((id): id is string => id !== null))];
      const caseIds = [...new Set(rows.map((r) => r.caseId).filter((id): id is string => id !== null))];
      const names = new Map((await prisma.staff.findMany({ where: { id: { in: staffIds } }, select: { id: true, displayName: true } })).map((s) => [s.id, s.displayName]));
      const handles = new Map((await prisma.case.findMany({ where: { id: { in: caseIds } }, select: { id: true, handle: true } })).map((c) => [c.id, c.handle]));
      return rows.map((r) => ({
        id: r.id,
        at: r.at,
        actorId: r.actorId,
        actorName: r.actorId ? (names.get(r.actorId) ?? null) : null,
        action: r.action,
        caseId: r.caseId,
        caseHandle: r.caseId ? (handles.get(r.caseId) ?? null) : null,
        targetId: r.targetId,
        targetName: r.targetId ? (names.get(r.targetId) ?? null) : null,
        details: r.details && typeof r.details === "object" && !Array.isArray(r.details) ? (r.details as Record<string, unknown>) : {},
      }));
    },
  };
}
