// Staff messenger links (the Telegram chat id sealed like Person.channelIdEnc, found by its HMAC) and
// the log of urgent-case pings whose unique (case, staff, priority) key makes the notify job idempotent.
import type { Sealer } from "../shared/crypto/sealer.ts";
import type { StaffAlertStore } from "../console/ports.ts";
import type { PrismaClient } from "./generated/client.ts";
import { toConsoleCase, withAssignee } from "./console-cases.ts";
import { toStaff, withAreas } from "./console-staff.ts";
import { isUniqueViolation } from "./handles.ts";

const lookupOf = (sealer: Sealer, chatId: string): string => sealer.lookupKey(`staff:telegram:${chatId}`);

export function createConsoleAlertRepo(prisma: PrismaClient, sealer: Sealer): StaffAlertStore {
  return {
    async linkTelegram(staffId, chatId, now) {
      const telegramLookup = lookupOf(sealer, chatId);
      // Batch transaction: safe on PGlite (no awaited query inside a callback).
      await prisma.$transaction([
        prisma.staff.updateMany({ where: { telegramLookup, NOT: { id: staffId } }, data: { telegramLookup: null, telegramChatEnc: null, telegramLinkedAt: null } }),
        prisma.staff.update({ where: { id: staffId }, data: { telegramLookup, telegramChatEnc: sealer.seal(chatId), telegramLinkedAt: now } }),
      ]);
    },
    async unlinkTelegram(staffId) {
      await prisma.staff.updateMany({ where: { id: staffId }, data: { telegramLookup: null, telegramChatEnc: null, telegramLinkedAt: null } });
    },
    async findStaffByTelegram(chatId) {
      const row = await prisma.staff.findUnique({ where: { telegramLookup: lookupOf(sealer, chatId) }, include: withAreas });
      return row ? toStaff(row) : null;
    },
    async listAlertRecipients() {
      const rows = await prisma.staff.findMany({ where: { onDuty: true, active: true, telegramChatEnc: { not: null } }, include: withAreas });
      return rows.flatMap((row) => {
        try {
          return [{ staff: toStaff(row), telegramChatId: sealer.open(row.telegramChatEnc!) }];
        } catch {
          return []; // sealed with a retired key: the link must be renewed
        }
      });
    },
    async findCaseById(caseId) {
      const row = await prisma.case.findUnique({ where: { id: caseId }, include: withAssignee });
      return row ? toConsoleCase(row) : null;
    },
    async claimStaffAlert({ caseId, staffId, priority, now }) {
      try {
        return (await prisma.staffAlert.create({ data: { caseId, staffId, priority, status: "sending", createdAt: now }, select: { id: true } })).id;
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
