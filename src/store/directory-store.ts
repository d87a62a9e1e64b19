// The referral directory: organisations, services, their locations and service areas (HSDS-shaped).
import type { DirectoryStore, ReferralStatus, ServiceInput, ServiceKind, ServiceRecord, ServiceStatus, AreaScope } from "../core/ports.ts";
import type { Prisma, PrismaClient } from "./generated/client.ts";

const withParts = { organization: true, locations: true, areas: true } as const;
type ServiceRow = Prisma.DirectoryServiceGetPayload<{ include: typeof withParts }>;

/** Long imports run in one transaction; PGlite runs its statements one at a time. */
const IMPORT_TX = { maxWait: 60_000, timeout: 120_000 };

export function toService(r: ServiceRow): ServiceRecord {
  return {
    id: r.id,
    code: r.code,
    organizationId: r.organizationId,
    organization: { name: r.organization.name, website: r.organization.website, email: r.organization.email },
    name: r.name,
    kind: r.kind as ServiceKind,
    descriptionVi: r.descriptionVi,
    descriptionEn: r.descriptionEn,
    eligibility: r.eligibility,
    minAge: r.minAge,
    maxAge: r.maxAge,
    cost: r.cost as ServiceRecord["cost"],
    costNote: r.costNote,
    languages: r.languages,
    confidential: r.confidential,
    status: r.status,
    takingReferrals: r.takingReferrals,
    schedule: r.schedule,
    phone: r.phone,
    zalo: r.zalo,
    followUpDays: r.followUpDays,
    lastConfirmedAt: r.lastConfirmedAt,
    isSample: r.isSample,
    locations: r.locations.map(({ address, provinceCode, wardCode, latitude, longitude }) => ({ address, provinceCode, wardCode, latitude, longitude })),
    areas: r.areas.map(({ scope, provinceCode, wardCode }) => ({ scope: scope as AreaScope, provinceCode, wardCode })),
    createdAt: r.createdAt,
    updatedAt: r.updatedAt,
  };
}

function serviceData(input: ServiceInput, organizationId: string) {
  const { organization: _o, locations: _l, areas: _a, ...rest } = input;
  return { ...rest, organizationId };
}

async function saveOne(db: Prisma.TransactionClient, input: ServiceInput & { id?: string }): Promise<{ row: ServiceRow; created: boolean }> {
  const org = await db.directoryOrganization.upsert({
    where: { name: input.organization.name },
    create: { ...input.organization, isSample: input.isSample },
    update: { website: input.organization.website, email: input.organization.email },
  });
  const existing = input.id
    ? await db.directoryService.findUnique({ where: { id: input.id }, select: { id: true } })
    : await db.directoryService.findUnique({ where: { code: input.code }, select: { id: true } });
  const { id: _id, ...clean } = input;
  const data = serviceData(clean, org.id);
  const parts = {
    locations: { create: input.locations },
    areas: { create: input.areas },
  };
  if (existing) {
    await db.directoryLocation.deleteMany({ where: { serviceId: existing.id } });
    await db.directoryServiceArea.deleteMany({ where: { serviceId: existing.id } });
    const row = await db.directoryService.update({ where: { id: existing.id }, data: { ...data, ...parts }, include: withParts });
    return { row, created: false };
  }
  const row = await db.directoryService.create({ data: { ...data, ...parts }, include: withParts });
  return { row, created: true };
}

export function createDirectoryStore(prisma: PrismaClient): DirectoryStore {
  return {
    async listServices(f) {
      const and: Prisma.DirectoryServiceWhereInput[] = [];
      if (f.kind) and.push({ kind: f.kind });
      if (f.status) and.push({ status: f.status });
      if (f.confirmedBefore) and.push({ lastConfirmedAt: { lt: f.confirmedBefore } });
      if (f.provinceCode !== undefined)
        and.push({
          OR: [
            { areas: { some: { OR: [{ provinceCode: f.provinceCode }, { scope: "national" }] } } },
            { locations: { some: { provinceCode: f.provinceCode } } },
          ],
        });
      if (f.text)
        and.push({
          OR: [
            { name: { contains: f.text, mode: "insensitive" } },
            { code: { contains: f.text, mode: "insensitive" } },
            { organization: { name: { contains: f.text, mode: "insensitive" } } },
          ],
        });
      const rows = await prisma.directoryService.findMany({
        where: { AND: and },
        include: withParts,
        orderBy: [{ name: "asc" }, { code: "asc" }],
        take: f.limit,
      });
      return rows.map(toService);
    },
    async getService(id) {
      const row = await prisma.directoryService.findUnique({ where: { id }, include: withParts });
      return row ? toService(row) : null;
    },
    async getServicesByCode(codes) {
      const rows = await prisma.directoryService.findMany({ where: { code: { in: codes } }, include: withParts });
      return rows.map(toService);
    },
    async saveService(input) {
      // Sequential statements inside one transaction (the embedded database runs one at a time).
      return prisma.$transaction(async (tx) => toService((await saveOne(tx, input)).row), IMPORT_TX);
    },
    async importServices(inputs) {
      return prisma.$transaction(async (tx) => {
        let created = 0;
        for (const input of inputs) if ((await saveOne(tx, input)).created) created += 1;
        return { created, updated: inputs.length - created };
      }, IMPORT_TX);
    },
    async setStatus(id, status: ServiceStatus, now) {
      return (await prisma.directoryService.updateMany({ where: { id }, data: { status, updatedAt: now } })).count === 1;
    },
    async findCandidates({ kinds, provinceCode }) {
      const serves: Prisma.DirectoryServiceAreaWhereInput[] = [{ scope: "national" }];
      if (provinceCode !== null) serves.push({ provinceCode });
      const rows = await prisma.directoryService.findMany({
        where: { kind: { in: [...kinds] }, status: "active", takingReferrals: true, areas: { some: { OR: serves } } },
        include: withParts,
        orderBy: { lastConfirmedAt: "desc" },
        take: 200,
      });
      return rows.map(toService);
    },
    async outcomeCounts(serviceIds) {
      const groups = await prisma.referral.groupBy({ by: ["serviceId", "status"], where: { serviceId: { in: serviceIds } }, _count: { _all: true } });
      const out = new Map<string, Partial<Record<ReferralStatus, number>>>();
      for (const g of groups) out.set(g.serviceId, { ...out.get(g.serviceId), [g.status]: g._count._all });
      return out;
    },
  };
}
