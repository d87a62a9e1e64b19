// The Prisma implementation of the core's store ports, one file per domain. Prisma types stop here.
import type { Sealer } from "../shared/crypto/sealer.ts";
import type { Stores, TurnStores, UnitOfWork } from "../core/ports.ts";
import type { PrismaClient } from "./generated/client.ts";
import { createAuditStore } from "./audit-store.ts";
import { createCaseStore } from "./case-store.ts";
import { createConversationStore } from "./conversation-store.ts";
import { createMessageStore } from "./message-store.ts";
import { createNoteStore, createReadyAnswerStore } from "./note-store.ts";
import { createPeopleStore } from "./people-store.ts";
import { createSessionStore, createSignInStore, createStaffAlertStore, createStaffTokenStore } from "./staff-access-store.ts";
import { createStaffStore } from "./staff-store.ts";

export { openDatabase, type Database, type DatabaseTarget } from "./open-database.ts";
export { createDatabaseBudget, createMemoryBudget } from "./send-budget.ts";

/** Long enough for a turn queued behind others on the embedded database, which runs one at a time. */
const TRANSACTION_OPTIONS = { maxWait: 60_000, timeout: 30_000 };

function createTurnStores(prisma: PrismaClient, sealer: Sealer): TurnStores {
  return {
    people: createPeopleStore(prisma, sealer),
    conversations: createConversationStore(prisma),
    messages: createMessageStore(prisma, sealer),
    cases: createCaseStore(prisma),
    audit: createAuditStore(prisma),
  };
}

export function createStores(prisma: PrismaClient, sealer: Sealer): Stores {
  const unitOfWork: UnitOfWork = {
    // The transaction client has the same model API; the turn stores never use batch $transaction.
    run: (work) => prisma.$transaction((tx) => work(createTurnStores(tx as unknown as PrismaClient, sealer)), TRANSACTION_OPTIONS),
  };
  return {
    ...createTurnStores(prisma, sealer),
    unitOfWork,
    notes: createNoteStore(prisma, sealer),
    readyAnswers: createReadyAnswerStore(prisma),
    staff: createStaffStore(prisma, sealer),
    sessions: createSessionStore(prisma),
    staffTokens: createStaffTokenStore(prisma),
    signIns: createSignInStore(prisma),
    staffAlerts: createStaffAlertStore(prisma),
  };
}
