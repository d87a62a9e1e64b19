// Retention (core/retention/ports.ts): bounded statements that remove closed cases' words and prune
// expired access rows, each returning only a count. Decides nothing: the core picks the times.
import type { RetentionStore } from "../core/ports.ts";
import type { Sealer } from "../shared/crypto/sealer.ts";
import type { PrismaClient } from "./generated/client.ts";

export function createRetentionStore(prisma: PrismaClient, sealer: Sealer): RetentionStore {
  // The rows of one batch, their cases locked: a case reopened meanwhile is seen open again and skipped
  // (FOR UPDATE re-reads the row after the reopening commits), so an open case is never touched.
  return {
    async removeClosedCaseMessages({ closedBefore, days, limit }) {
      const empty = sealer.seal(JSON.stringify({ kind: "text", text: "" }));
      return prisma.$executeRaw`
        UPDATE "Message" SET "bodyEnc" = ${empty}, "removedAfterDays" = ${days}
        WHERE id IN (
          SELECT m.id FROM "Message" m JOIN "Case" c ON c.id = m."caseId"
          WHERE c.status = 'closed' AND c."closedAt" < ${closedBefore} AND m."removedAfterDays" IS NULL
            -- never a row the outbox or the inbox may still read (a due send, an unhandled message)
            AND m."nextAttemptAt" IS NULL AND (m.direction = 'outbound' OR m."handledAt" IS NOT NULL)
          LIMIT ${limit}
          FOR UPDATE OF c
        )`;
    },
    async removeClosedCaseNotes({ closedBefore, days, limit }) {
      const empty = sealer.seal("");
      return prisma.$executeRaw`
        UPDATE "CaseNote" SET "bodyEnc" = ${empty}, "removedAfterDays" = ${days}
        WHERE id IN (
          SELECT n.id FROM "CaseNote" n JOIN "Case" c ON c.id = n."caseId"
          WHERE c.status = 'closed' AND c."closedAt" < ${closedBefore} AND n."removedAfterDays" IS NULL
          LIMIT ${limit}
          FOR UPDATE OF c
        )`;
    },
    async removeClosedCaseReferralNotes({ closedBefore, limit }) {
      return prisma.$executeRaw`
        UPDATE "Referral" SET "noteEnc" = NULL
        WHERE id IN (
          SELECT r.id FROM "Referral" r JOIN "Case" c ON c.id = r."caseId"
          WHERE c.status = 'closed' AND c."closedAt" < ${closedBefore} AND r."noteEnc" IS NOT NULL
          LIMIT ${limit}
          FOR UPDATE OF c
        )`;
    },
    async pruneSessions(now, limit) {
      return prisma.$executeRaw`
        DELETE FROM "StaffSession" WHERE id IN (SELECT id FROM "StaffSession" WHERE "expiresAt" < ${now} LIMIT ${limit})`;
    },
    async pruneStaffTokens(now, limit) {
      return prisma.$executeRaw`
        DELETE FROM "StaffToken" WHERE id IN (
          SELECT id FROM "StaffToken" WHERE "usedAt" IS NOT NULL OR "expiresAt" < ${now} LIMIT ${limit})`;
    },
    async pruneLoginFailures(before, limit) {
      return prisma.$executeRaw`
        DELETE FROM "LoginFailure" WHERE id IN (SELECT id FROM "LoginFailure" WHERE "createdAt" < ${before} LIMIT ${limit})`;
    },
    async pruneReturnCodes(before, limit) {
      return prisma.$executeRaw`
        DELETE FROM "WebChatReturn" WHERE "personId" IN (SELECT "personId" FROM "WebChatReturn" WHERE "createdAt" < ${before} LIMIT ${limit})`;
    },
    async pruneSendBudget(before) {
      return prisma.$executeRaw`DELETE FROM "SendBudget" WHERE tat < ${before.getTime()}::float8`;
    },
  };
}
