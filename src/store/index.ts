// The Prisma implementation of the core's store ports, one file per domain. Prisma types stop here.
import type { Sealer } from "../shared/crypto/sealer.ts";
import type { SendBudget, Stores, TurnStores, UnitOfWork } from "../core/ports.ts";
import type { PrismaClient } from "./generated/client.ts";
import { createAttendanceStore } from "./attendance-store.ts";
import { createAuditStore } from "./audit-store.ts";
import { createCaseStore } from "./case-store.ts";
import { createConversationStore } from "./conversation-store.ts";
import { createDirectoryStore } from "./directory-store.ts";
import { createMessageStore } from "./message-store.ts";
import { createNoteStore, createReadyAnswerStore } from "./note-store.ts";
import { createPeopleStore } from "./people-store.ts";
import { createReferralStore } from "./referral-store.ts";
import { createClubStore } from "./club-store.ts";
import { createBroadcastStore } from "./broadcast-store.ts";
import { createTipStore } from "./tip-store.ts";
import { createFactStore } from "./fact-store.ts";
import { createRetentionStore } from "./retention-store.ts";
import { createSessionStore, createSignInStore, createStaffAlertStore, createStaffTokenStore } from "./staff-access-store.ts";
import { createStaffStore } from "./staff-store.ts";
import { createInboxStore } from "./inbox-store.ts";
import { createTurnStore, type TurnStoreOptions } from "./turn-store.ts";
import { isNeedsPrisma, plainTurnStores } from "./plain-turn-stores.ts";
import { prismaQuery, type RawQuery, type RawSql } from "./raw-sql.ts";
import { createWebReturnStore } from "./web-return-store.ts";
import { createDatabaseBudget, createMemoryBudget } from "./send-budget.ts";

export { openDatabase, postgresTargetOf, type Database, type DatabaseTarget } from "./open-database.ts";

/** Long enough for a turn queued behind others on the embedded database, which runs one at a time. */
const TRANSACTION_OPTIONS = { maxWait: 60_000, timeout: 30_000 };

export interface StoreOptions extends TurnStoreOptions {
  /** Plain SQL beside Prisma: the accept statement and turns that need no other store run on it (raw-sql.ts). */
  sql?: RawSql;
}

/** `inbox`: the shared stores' (the whole app's, not ones bound to a transaction) lets settlements and bookings ride along on accepts. */
function createTurnStores(
  prisma: PrismaClient,
  sealer: Sealer,
  options: TurnStoreOptions,
  query: RawQuery,
  inbox = createInboxStore(query, sealer),
): TurnStores {
  const { openTurn, closeTurn } = createTurnStore(query, sealer, options);
  const { acceptInbound, settleSends, markSending } = inbox;
  return {
    people: createPeopleStore(prisma, sealer, query),
    conversations: { ...createConversationStore(prisma), openTurn, closeTurn },
    messages: { ...createMessageStore(prisma, sealer), acceptInbound, settleSends, markSending },
    cases: createCaseStore(prisma),
    audit: createAuditStore(prisma),
    directory: createDirectoryStore(prisma),
    referrals: createReferralStore(prisma, sealer),
    clubs: createClubStore(prisma, sealer),
    attendance: createAttendanceStore(prisma, sealer),
    tips: createTipStore(prisma),
    facts: createFactStore(prisma, sealer),
  };
}

/**
 * The stores, and the deployment's send budget. `crossInstanceLocks`: several instances share the database
 * (PostgreSQL), so a turn takes the person's advisory lock and the budget is in the database (else in memory).
 */
export function createStores(prisma: PrismaClient, sealer: Sealer, options: StoreOptions = { crossInstanceLocks: false }): Stores & { sendBudget: SendBudget } {
  const { sql } = options;
  const unitOfWork: UnitOfWork = {
    // Most turns read and write only what openTurn, closeTurn and updatePerson cover: they run on a plain
    // transaction. A turn that asks for any other store (a case, the audit trail…) rolls that attempt back
    // and runs again, from the start, in Prisma's interactive transaction. Nothing is sent inside a turn,
    // so running its work twice is safe.
    async run(work) {
      if (sql) {
        try {
          return await sql.transaction((query) => work(plainTurnStores(query, sealer, options)));
        } catch (error) {
          if (!isNeedsPrisma(error)) throw error;
        }
      }
      return prisma.$transaction((tx) => {
        const client = tx as unknown as PrismaClient; // the same model API; the turn stores never use batch $transaction
        return work(createTurnStores(client, sealer, options, prismaQuery(client)));
      }, TRANSACTION_OPTIONS);
    },
  };
  const query = sql?.query ?? prismaQuery(prisma);
  const inbox = createInboxStore(query, sealer, { rideAlong: true });
  return {
    ...createTurnStores(prisma, sealer, options, query, inbox),
    // Several instances share the database: the send budget is there too, its bookings riding on accepts.
    sendBudget: options.crossInstanceLocks ? createDatabaseBudget(query, inbox.book) : createMemoryBudget(),
    unitOfWork,
    notes: createNoteStore(prisma, sealer),
    readyAnswers: createReadyAnswerStore(prisma),
    staff: createStaffStore(prisma, sealer),
    sessions: createSessionStore(prisma),
    staffTokens: createStaffTokenStore(prisma),
    signIns: createSignInStore(prisma),
    staffAlerts: createStaffAlertStore(prisma),
    webReturns: createWebReturnStore(prisma, sealer),
    broadcasts: createBroadcastStore(prisma),
    retention: createRetentionStore(prisma, sealer),
  };
}
