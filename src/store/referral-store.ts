// Closed-loop referrals and their status history. The counsellor's note is sealed at rest.
import type { ReferralActorKind, ReferralRecord, ReferralStatus, ReferralStore, ServiceKind } from "../core/ports.ts";
import type { Sealer } from "../shared/crypto/sealer.ts";
import type { Prisma, PrismaClient } from "./generated/client.ts";
import { openOrEmpty } from "./rows.ts";

const withParts = {
  service: { include: { organization: { select: { name: true } } } },
  events: { orderBy: { at: "asc" } },
} as const satisfies Prisma.ReferralInclude;
type Row = Prisma.ReferralGetPayload<{ include: typeof withParts }>;

export function createReferralStore(prisma: PrismaClient, sealer: Sealer): ReferralStore {
  const names = async (rows: Row[]): Promise<Map<string, string>> => {
    const ids = [...new Set(rows.flatMap((r) => r.events.map((e) => e.actorId)).filter((id): id is string => id !== null))];
    if (ids.length === 0) return new Map();
    const staff = await prisma.staff.findMany({ where: { id: { in: ids } }, select: { id: true, displayName: true } });
    return new Map(staff.map((s) => [s.id, s.displayName]));
  };
  const toRecord = (r: Row, staffNames: Map<string, string>): ReferralRecord => ({
    id: r.id,
    personId: r.personId,
    caseId: r.caseId,
    service: {
      id: r.service.id,
      code: r.service.code,
      name: r.service.name,
      kind: r.service.kind as ServiceKind,
      phone: r.service.phone,
      zalo: r.service.zalo,
      confidential: r.service.confidential,
      followUpDays: r.service.followUpDays,
      organization: r.service.organization.name,
    },
    status: r.status as ReferralStatus,
    origin: r.origin as ReferralRecord["origin"],
    provinceCode: r.provinceCode,
    note: r.noteEnc ? openOrEmpty((e) => sealer.open(e), r.noteEnc) : null,
    acceptedAt: r.acceptedAt,
    followUpAttempts: r.followUpAttempts,
    nextFollowUpAt: r.nextFollowUpAt,
    createdAt: r.createdAt,
    events: r.events.map((e) => ({
      status: e.status as ReferralStatus,
      actorKind: e.actorKind as ReferralActorKind,
      actorId: e.actorId,
      actorName: e.actorId ? (staffNames.get(e.actorId) ?? null) : null,
      reason: e.reason,
      at: e.at,
    })),
  });
  const many = async (rows: Row[]) => {
    const n = await names(rows);
    return rows.map((r) => toRecord(r, n));
  };
  return {
    async createReferral(i) {
      const row = await prisma.referral.create({
        data: {
          personId: i.personId,
          caseId: i.caseId,
          serviceId: i.serviceId,
          status: i.status,
          origin: i.origin,
          provinceCode: i.provinceCode,
          noteEnc: i.note ? sealer.seal(i.note) : null,
          acceptedAt: i.acceptedAt,
          nextFollowUpAt: i.nextFollowUpAt,
          createdAt: i.now,
          events: { create: { status: i.status, actorKind: i.actor.kind, actorId: i.actor.id, at: i.now } },
        },
        include: withParts,
      });
      return (await many([row]))[0]!;
    },
    async getReferral(id) {
      const row = await prisma.referral.findUnique({ where: { id }, include: withParts });
      return row ? (await many([row]))[0]! : null;
    },
    async listForCase(caseId) {
      return many(await prisma.referral.findMany({ where: { caseId }, include: withParts, orderBy: { createdAt: "desc" } }));
    },
    async listForPerson(personId) {
      return many(await prisma.referral.findMany({ where: { personId }, include: withParts, orderBy: { createdAt: "desc" }, take: 50 }));
    },
    async changeReferral(id, c) {
      await prisma.referral.update({
        where: { id },
        data: {
          status: c.status,
          ...(c.acceptedAt !== undefined ? { acceptedAt: c.acceptedAt } : {}),
          ...(c.nextFollowUpAt !== undefined ? { nextFollowUpAt: c.nextFollowUpAt } : {}),
          ...(c.followUpAttempts !== undefined ? { followUpAttempts: c.followUpAttempts } : {}),
          ...(c.caseId !== undefined ? { caseId: c.caseId } : {}),
          events: { create: { status: c.status, actorKind: c.actor.kind, actorId: c.actor.id, reason: c.reason ?? null, at: c.now } },
        },
      });
    },
    async claimFollowUp(id, attempt, nextAt) {
      const claimed = await prisma.referral.updateMany({
        where: { id, followUpAttempts: attempt, nextFollowUpAt: { not: null } },
        data: { followUpAttempts: attempt + 1, nextFollowUpAt: nextAt },
      });
      return claimed.count === 1;
    },
    async planFollowUp(id, nextAt) {
      await prisma.referral.updateMany({ where: { id }, data: { nextFollowUpAt: nextAt } });
    },
    async dueFollowUps(now, limit) {
      return many(
        await prisma.referral.findMany({ where: { nextFollowUpAt: { lte: now } }, include: withParts, orderBy: { nextFollowUpAt: "asc" }, take: limit }),
      );
    },
  };
}
