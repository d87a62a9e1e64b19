// The audit trail: ids and small facts only, never message text.
import type { AuditStore } from "../core/ports.ts";
import type { Prisma, PrismaClient } from "./generated/client.ts";

export function createAuditStore(prisma: PrismaClient): AuditStore {
  return {
    async record(entry, now) {
      await prisma.consoleAudit.create({
        data: {
          at: now,
          actorId: entry.actorId,
          action: entry.action,
          caseId: entry.caseId ?? null,
          targetId: entry.targetId ?? null,
          details: (entry.details ?? {}) as Prisma.InputJsonValue,
        },
      });
    },
    async list({ caseId, limit }) {
      const rows = await prisma.consoleAudit.findMany({ where: caseId ? { caseId } : {}, orderBy: { at: "desc" }, take: limit });
      const staffIds = [...new Set(rows.flatMap((r) => [r.actorId, r.targetId]).filter((id): id is string => id !== null))];
      const caseIds = [...new Set(rows.map((r) => r.caseId).filter((id): id is string => id !== null))];
      const names = new Map(
        (await prisma.staff.findMany({ where: { id: { in: staffIds } }, select: { id: true, displayName: true } })).map((s) => [s.id, s.displayName]),
      );
      const handles = new Map(
        (await prisma.case.findMany({ where: { id: { in: caseIds } }, select: { id: true, handle: true } })).map((c) => [c.id, c.handle]),
      );
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
