// The Prisma implementation of the core's Store port. Prisma types stop here.
import type { Sealer } from "../shared/crypto/sealer.ts";
import type { Store } from "../core/ports.ts";
import type { PrismaClient } from "./generated/client.ts";
import { createPersonRepo } from "./person-repo.ts";
import { createMessageRepo } from "./message-repo.ts";
import { createCaseRepo } from "./case-repo.ts";

export { openDatabase, type Database, type DatabaseTarget } from "./open-database.ts";

export function createStore(prisma: PrismaClient, sealer: Sealer): Store {
  return {
    ...createPersonRepo(prisma, sealer),
    ...createMessageRepo(prisma, sealer),
    ...createCaseRepo(prisma),
  };
}
