// Staff accounts with their areas, and their messenger link (the Telegram chat id sealed like
// Person.channelIdEnc, found by its HMAC).
import type { Sealer } from "../shared/crypto/sealer.ts";
import type { StaffStore } from "../core/ports.ts";
import type { PrismaClient } from "./generated/client.ts";
import { toStaff, withAreas } from "./rows.ts";

const lookupOf = (sealer: Sealer, chatId: string): string => sealer.lookupKey(`staff:telegram:${chatId}`);

export function createStaffStore(prisma: PrismaClient, sealer: Sealer): StaffStore {
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
    async linkTelegram(staffId, chatId, now) {
      const telegramLookup = lookupOf(sealer, chatId);
      // Batch transaction: safe on PGlite (no awaited query inside a callback).
      await prisma.$transaction([
        prisma.staff.updateMany({
          where: { telegramLookup, NOT: { id: staffId } },
          data: { telegramLookup: null, telegramChatEnc: null, telegramLinkedAt: null },
        }),
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
  };
}
