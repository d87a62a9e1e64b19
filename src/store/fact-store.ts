// Anonymous report facts (core/reports/ports.ts). The source of a fact is kept only as a keyed hash
// with its own prefix, so it cannot be matched against any lookup key the other stores keep.
import type { FactKind, FactStore, NewFact, ReportFact } from "../core/reports/ports.ts";
import type { Sealer } from "../shared/crypto/sealer.ts";
import type { Prisma, PrismaClient } from "./generated/client.ts";

export function createFactStore(prisma: PrismaClient, sealer: Sealer): FactStore {
  const sourceKey = (fact: NewFact): string | null => (fact.source ? sealer.lookupKey(`report-fact:${fact.kind}:${fact.source}`) : null);
  return {
    async record(facts) {
      if (facts.length === 0) return 0;
      const { count } = await prisma.reportFact.createMany({
        data: facts.map((f) => ({
          kind: f.kind,
          at: f.at,
          provinceCode: f.provinceCode ?? null,
          wardCode: f.wardCode ?? null,
          dims: (f.dims ?? {}) as Prisma.InputJsonObject,
          value: f.value ?? 1,
          sourceKey: sourceKey(f),
        })),
        skipDuplicates: true,
      });
      return count;
    },
    async list({ kinds, from, to, provinceCodes, wardCodes }) {
      const rows = await prisma.reportFact.findMany({
        where: {
          kind: { in: [...kinds] },
          at: { gte: from, lt: to },
          ...(provinceCodes ? { provinceCode: { in: [...provinceCodes] } } : {}),
          ...(wardCodes ? { wardCode: { in: [...wardCodes] } } : {}),
        },
        orderBy: { id: "asc" },
      });
      return rows.map((r): ReportFact => ({
        kind: r.kind as FactKind,
        at: r.at,
        provinceCode: r.provinceCode,
        wardCode: r.wardCode,
        dims: r.dims as ReportFact["dims"],
        value: r.value,
      }));
    },
  };
}
