// Console staff: accounts, their areas, sessions, single-use links and sign-in throttling.
import type { ConsoleStore, StaffRecord, StaffRole, StaffTokenKind } from "../console/ports.ts";
import type { PrismaClient } from "./generated/client.ts";

/** The ConsoleStore methods this file implements (console-cases.ts implements the rest). */
export type StaffMethod =
  | "countStaff"
  | "createStaff"
  | "findStaffByEmail"
  | "getStaff"
  | "listStaff"
  | "updateStaff"
  | "createSession"
  | "findSession"
  | "touchSession"
  | "deleteSession"
  | "deleteStaffSessions"
  | "createStaffToken"
  | "findStaffToken"
  | "useStaffToken"
  | "countLiveTokens"
  | "countLoginFailures"
  | "recordLoginFailure"
  | "clearLoginFailures";

type StaffRepo = Pick<ConsoleStore, StaffMethod>;

interface StaffRow {
  id: string;
  email: string;
  displayName: string;
  role: StaffRole;
  active: boolean;
  locale: string;
  onDuty: boolean;
  telegramChatEnc: string | null;
  createdAt: Date;
  areas: Array<{ provinceCode: number }>;
}

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

export function createConsoleStaffRepo(prisma: PrismaClient): StaffRepo {
  return {
    countStaff: () => prisma.staff.count(),
    async createStaff({ provinceCodes, ...input }) {
      const row = await prisma.staff.create({
        data: { ...input, areas: { create: [...new Set(provinceCodes)].map((provinceCode) => ({ provinceCode })) } },
        include: withAreas,
      });
      return toStaff(row);
    },
    async findStaffByEmail(email) {
      const row = await prisma.staff.findUnique({ where: { email }, include: withAreas });
      return row ? { ...toStaff(row), passwordHash: row.passwordHash } : null;
    },
    async getStaff(id) {
      const row = await prisma.staff.findUnique({ where: { id }, include: withAreas });
      return row ? toStaff(row) : null;
    },
    async listStaff() {
      const rows = await prisma.staff.findMany({ include: withAreas, orderBy: [{ active: "desc" }, { displayName: "asc" }] });
      return rows.map(toStaff);
    },
    async updateStaff(id, { provinceCodes, ...patch }) {
      // Batch transaction: safe on PGlite (no awaited query inside a callback).
      await prisma.$transaction([
        prisma.staff.update({ where: { id }, data: patch }),
        ...(provinceCodes
          ? [
              prisma.staffArea.deleteMany({ where: { staffId: id } }),
              prisma.staffArea.createMany({ data: [...new Set(provinceCodes)].map((provinceCode) => ({ staffId: id, provinceCode })) }),
            ]
          : []),
      ]);
    },

    async createSession({ tokenHash, staffId, now, expiresAt }) {
      await prisma.staffSession.create({ data: { tokenHash, staffId, createdAt: now, lastSeenAt: now, expiresAt } });
    },
    async findSession(tokenHash, now) {
      const row = await prisma.staffSession.findUnique({ where: { tokenHash }, include: { staff: { include: withAreas } } });
      if (!row || row.expiresAt <= now || !row.staff.active) return null;
      return { id: row.id, staff: toStaff(row.staff), createdAt: row.createdAt, lastSeenAt: row.lastSeenAt, expiresAt: row.expiresAt };
    },
    async touchSession(id, now) {
      await prisma.staffSession.updateMany({ where: { id }, data: { lastSeenAt: now } });
    },
    async deleteSession(tokenHash) {
      await prisma.staffSession.deleteMany({ where: { tokenHash } });
    },
    async deleteStaffSessions(staffId) {
      return (await prisma.staffSession.deleteMany({ where: { staffId } })).count;
    },

    async createStaffToken(input) {
      await prisma.staffToken.create({
        data: {
          tokenHash: input.tokenHash,
          kind: input.kind,
          role: input.role ?? null,
          email: input.email ?? null,
          provinceCodes: input.provinceCodes ?? [],
          staffId: input.staffId ?? null,
          createdById: input.createdById ?? null,
          expiresAt: input.expiresAt,
        },
      });
    },
    async findStaffToken(tokenHash, kind, now) {
      const row = await prisma.staffToken.findUnique({ where: { tokenHash } });
      if (!row || row.kind !== kind || row.usedAt || row.expiresAt <= now) return null;
      return { ...row, kind: row.kind as StaffTokenKind };
    },
    async useStaffToken(id, now) {
      return (await prisma.staffToken.updateMany({ where: { id, usedAt: null }, data: { usedAt: now } })).count === 1;
    },
    countLiveTokens: (kind, now) => prisma.staffToken.count({ where: { kind, usedAt: null, expiresAt: { gt: now } } }),

    countLoginFailures: (account, ip, since) => prisma.loginFailure.count({ where: { account, ip, createdAt: { gt: since } } }),
    async recordLoginFailure(account, ip, now) {
      // Prune rows older than a day so the table stays small.
      await prisma.$transaction([
        prisma.loginFailure.deleteMany({ where: { createdAt: { lt: new Date(now.getTime() - 86_400_000) } } }),
        prisma.loginFailure.create({ data: { account, ip, createdAt: now } }),
      ]);
    },
    async clearLoginFailures(account, ip) {
      await prisma.loginFailure.deleteMany({ where: { account, ip } });
    },
  };
}
