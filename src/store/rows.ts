// Row → record mappings and query fragments shared by the store files. Prisma types stop in src/store.
import type { CaseDetail, CaseRecord, CaseScope, StaffRecord } from "../core/ports.ts";
import type { Prisma, PrismaClient } from "./generated/client.ts";

/**
 * Runs `work` in a transaction: a new one on the client, or the caller's when the client is already a
 * transaction's (a unit of work: Prisma's transaction client has no `$transaction`).
 */
export function inTransaction<T>(prisma: PrismaClient, work: (tx: PrismaClient) => Promise<T>): Promise<T> {
  if (typeof (prisma as Partial<PrismaClient>).$transaction !== "function") return work(prisma);
  return prisma.$transaction((tx) => work(tx as unknown as PrismaClient), { maxWait: 60_000, timeout: 30_000 });
}

type CaseRow = Omit<CaseRecord, "locale"> & { locale: string };

/** A case row as the core sees it. */
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
  crisisSince: row.crisisSince,
  waitingSince: row.waitingSince,
});

export const withAssignee = { assignment: { include: { staff: { select: { id: true, displayName: true } } } } } as const;

export function toCaseDetail(row: Prisma.CaseGetPayload<{ include: typeof withAssignee }>): CaseDetail {
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

/** A staff row with its areas: the record's own fields as stored, plus the sealed Telegram chat. */
type StaffRow = Omit<StaffRecord, "provinceCodes" | "telegramLinked"> & {
  telegramChatEnc: string | null;
  areas: Array<{ provinceCode: number }>;
};

export const withAreas = { areas: { select: { provinceCode: true }, orderBy: { provinceCode: "asc" as const } } };

export const toStaff = (row: StaffRow): StaffRecord => ({
  id: row.id,
  email: row.email,
  displayName: row.displayName,
  role: row.role,
  active: row.active,
  locale: row.locale,
  provinceCodes: row.areas.map((a) => a.provinceCode),
  onDuty: row.onDuty,
  telegramLinked: row.telegramChatEnc !== null,
  createdAt: row.createdAt,
});

/** Opens a sealed body; "" when it was sealed with a retired key. */
export function openOrEmpty(open: (enc: string) => string, enc: string): string {
  try {
    return open(enc);
  } catch {
    return "";
  }
}
