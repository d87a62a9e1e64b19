// Opt-in tip subscriptions: one row per person; unsubscribing keeps the row with unsubscribedAt.
import type { TipStore, TipSubscriptionRecord } from "../core/broadcasts/ports.ts";
import type { Prisma, PrismaClient } from "./generated/client.ts";

type Row = Prisma.TipSubscriptionGetPayload<object>;

const toRecord = (r: Row): TipSubscriptionRecord => ({
  personId: r.personId,
  provinceCode: r.provinceCode,
  cadenceDays: r.cadenceDays,
  tipsSent: r.tipsSent,
  lastSentAt: r.lastSentAt,
  nextDueAt: r.nextDueAt,
  unsubscribedAt: r.unsubscribedAt,
});

export function createTipStore(prisma: PrismaClient): TipStore {
  return {
    async get(personId) {
      const row = await prisma.tipSubscription.findUnique({ where: { personId } });
      return row ? toRecord(row) : null;
    },
    async subscribe({ personId, provinceCode, now, firstDueAt }) {
      const row = await prisma.tipSubscription.findUnique({ where: { personId } });
      if (row && row.unsubscribedAt === null) {
        if (provinceCode !== null) await prisma.tipSubscription.update({ where: { personId }, data: { provinceCode } });
        return { already: true };
      }
      // Subscribing again keeps the count and never brings the next tip before a week after the last one.
      const nextDueAt = row?.lastSentAt && row.nextDueAt > firstDueAt ? row.nextDueAt : firstDueAt;
      await prisma.tipSubscription.upsert({
        where: { personId },
        create: { personId, provinceCode, createdAt: now, nextDueAt },
        update: { unsubscribedAt: null, nextDueAt, ...(provinceCode !== null ? { provinceCode } : {}) },
      });
      return { already: false };
    },
    async setProvince(personId, provinceCode) {
      await prisma.tipSubscription.updateMany({ where: { personId }, data: { provinceCode } });
    },
    async unsubscribe(personId, now) {
      const { count } = await prisma.tipSubscription.updateMany({ where: { personId, unsubscribedAt: null }, data: { unsubscribedAt: now } });
      return count === 1;
    },
    async listDue(now, limit) {
      const rows = await prisma.tipSubscription.findMany({
        where: { unsubscribedAt: null, nextDueAt: { lte: now }, person: { reachable: true } },
        include: { person: { select: { locale: true } } },
        orderBy: { nextDueAt: "asc" },
        take: limit,
      });
      return rows.map((r) => ({ ...toRecord(r), locale: r.person.locale }));
    },
    async markSent(personId, sentAt, nextDueAt) {
      await prisma.tipSubscription.updateMany({ where: { personId }, data: { lastSentAt: sentAt, nextDueAt, tipsSent: { increment: 1 } } });
    },
  };
}
