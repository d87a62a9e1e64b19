// The Prisma implementation of the console's storage port (src/console/ports.ts).
import type { Sealer } from "../shared/crypto/sealer.ts";
import type { ConsoleStore } from "../console/ports.ts";
import type { PrismaClient } from "./generated/client.ts";
import { createConsoleAlertRepo } from "./console-alerts.ts";
import { createConsoleCaseRepo } from "./console-cases.ts";
import { createConsoleStaffRepo } from "./console-staff.ts";

export function createConsoleStore(prisma: PrismaClient, sealer: Sealer): ConsoleStore {
  return { ...createConsoleStaffRepo(prisma), ...createConsoleCaseRepo(prisma, sealer), ...createConsoleAlertRepo(prisma, sealer) };
}
