// Cases: anonymous counselling requests under a short handle.
import type { CaseRecord, Store } from "../core/ports.ts";
import type { PrismaClient } from "./generated/client.ts";
import { withFreshHandle } from "./handles.ts";

type CaseRepo = Pick<Store, "createCase" | "listCases" | "findOpenCase" | "reopenLatestCase" | "updateCase">;

type CaseRow = Omit<CaseRecord, "locale"> & { locale: string };

/** A case row as the core sees it (the console adds its own fields on top). */
export const toCase = (row: CaseRow): CaseRecord => ({
  id: row.id,
  handle: row.handle,
  personId: row.personId,
  subject: row.subject,
  concern: row.concern,
  urgency: row.urgency,
  provinceCode: row.provinceCode,
  wardCode: row.wardCode,
  priority: row.priority,
  dangerFlags: row.dangerFlags,
  status: row.status,
  locale: row.locale === "en" ? "en" : "vi",
  channel: row.channel,
  createdAt: row.createdAt,
  lastPersonMessageAt: row.lastPersonMessageAt,
});

export function createCaseRepo(prisma: PrismaClient): CaseRepo {
  return {
    async createCase(input) {
      const row = await withFreshHandle((handle) => prisma.case.create({ data: { ...input, handle } }));
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
    async reopenLatestCase(personId, closedSince) {
      const row = await prisma.case.findFirst({ where: { personId, status: "closed", closedAt: { gte: closedSince } }, orderBy: { closedAt: "desc" } });
      if (!row) return null;
      // Batch transaction (safe on PGlite): the reopen and its console audit row commit together.
      const [updated] = await prisma.$transaction([
        prisma.case.updateMany({ where: { id: row.id, status: "closed" }, data: { status: "open", outcome: null, closedAt: null } }),
        prisma.consoleAudit.create({ data: { actorId: null, action: "case.reopen", caseId: row.id, details: { previousOutcome: row.outcome } } }),
      ]);
      return updated.count === 1 ? toCase({ ...row, status: "open" }) : null;
    },
    async updateCase(caseId, patch) {
      await prisma.case.updateMany({ where: { id: caseId }, data: patch });
    },
  };
}
