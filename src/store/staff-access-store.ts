// Staff sessions, single-use links (setup, invitation, reset, Telegram code) and sign-in throttling.
// Tokens are stored hashed; the plain token only ever exists in the link.
import type { SessionStore, SignInThrottleStore, StaffAlertStore, StaffTokenKind, StaffTokenStore } from "../core/ports.ts";
import type { PrismaClient } from "./generated/client.ts";
import { isUniqueViolation } from "./handles.ts";
import { toStaff, withAreas } from "./rows.ts";

export function createSessionStore(prisma: PrismaClient): SessionStore {
  return {
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
  };
}

export function createStaffTokenStore(prisma: PrismaClient): StaffTokenStore {
  return {
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
      // Field by field: the row also carries tokenHash and createdAt, which are not the core's business.
      const { id, role, email, provinceCodes, staffId, createdById, expiresAt, usedAt } = row;
      return { id, kind: row.kind as StaffTokenKind, role, email, provinceCodes, staffId, createdById, expiresAt, usedAt };
    },
    async useStaffToken(id, now) {
      return (await prisma.staffToken.updateMany({ where: { id, usedAt: null }, data: { usedAt: now } })).count === 1;
    },
    countLiveTokens: (kind, now) => prisma.staffToken.count({ where: { kind, usedAt: null, expiresAt: { gt: now } } }),
    async revokeLiveTokens(kind, now) {
      return (await prisma.staffToken.updateMany({ where: { kind, usedAt: null }, data: { usedAt: now } })).count;
    },
  };
}

export function createSignInStore(prisma: PrismaClient): SignInThrottleStore {
  return {
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

/** Urgent-case pings: the unique (case, staff, priority) key makes the notify job idempotent. */
export function createStaffAlertStore(prisma: PrismaClient): StaffAlertStore {
  return {
    async claimStaffAlert({ caseId, staffId, priority, now, round = 0 }) {
      try {
        return (await prisma.staffAlert.create({ data: { caseId, staffId, priority, round, status: "sending", createdAt: now }, select: { id: true } })).id;
      } catch (error) {
        if (isUniqueViolation(error)) return null;
        throw error;
      }
    },
    async finishStaffAlert(id, status) {
      await prisma.staffAlert.updateMany({ where: { id }, data: { status } });
    },
    async dropStaffAlert(id) {
      await prisma.staffAlert.deleteMany({ where: { id, status: "sending" } });
    },
  };
}
