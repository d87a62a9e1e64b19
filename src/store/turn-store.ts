// A conversation turn's own reads and writes, inside its transaction, in as few round trips as the
// database allows (issue 14: at most two transactions per inbound message, accept and turn):
//   openTurn  — the person's advisory lock (transaction-scoped, PostgreSQL only: the embedded database
//               has one process, which serialises people itself), then person + conversation + the next
//               unhandled inbound message in one SELECT (after the lock: read committed takes a new
//               snapshot per statement, so the previous holder's commit is seen);
//   closeTurn — handled mark, last seen, conversation upsert and every reply row in one statement.
// Raw SQL through the transaction's client: no Prisma query compilation on the hot path.
import { randomUUID } from "node:crypto";
import type { Sealer } from "../shared/crypto/sealer.ts";
import type { ChannelName, ConversationState, ConversationStore, InboundEvent, MenuState, PersonRecord } from "../core/ports.ts";
import { Prisma, type PrismaClient } from "./generated/client.ts";
import { advisoryKey } from "./advisory-locks.ts";

export interface TurnStoreOptions {
  /** Take the per-person advisory lock in the turn's transaction (several instances share the database). */
  crossInstanceLocks: boolean;
}

type OpenRow = {
  id: string;
  channel: ChannelName;
  handle: string;
  locale: string;
  reachable: boolean;
  createdAt: Date;
  flow: string | null;
  step: string | null;
  data: unknown;
  menu: unknown;
  menuSeq: number | null;
  updatedAt: Date | null;
  inboundId: string | null;
  inboundChannel: ChannelName | null;
  bodyEnc: string | null;
  attempts: number | null;
};

/** Json columns come back parsed from one adapter and as text from another. */
const json = (value: unknown): unknown => (typeof value === "string" ? JSON.parse(value) : value);

export function createTurnStore(prisma: PrismaClient, sealer: Sealer, options: TurnStoreOptions): Pick<ConversationStore, "openTurn" | "closeTurn"> {
  return {
    async openTurn(personId, { lockName, inbox }) {
      if (options.crossInstanceLocks) await prisma.$executeRaw`SELECT pg_advisory_xact_lock(${advisoryKey(lockName)}::bigint)`;
      // Up to two unhandled rows: the first is this turn's, a second one means the caller goes on.
      const rows = await prisma.$queryRaw<OpenRow[]>`
        SELECT p.id::text, p.channel::text AS channel, p.handle, p.locale, p.reachable, p."createdAt",
               c.flow, c.step, c.data, c.menu, c."menuSeq", c."updatedAt",
               m.id::text AS "inboundId", m.channel::text AS "inboundChannel", m."bodyEnc", m.attempts
        FROM "Person" p
        LEFT JOIN "Conversation" c ON c."personId" = p.id
        LEFT JOIN LATERAL (
          SELECT id, channel, "bodyEnc", attempts, seq FROM "Message"
          WHERE ${inbox} AND "personId" = p.id AND direction = 'inbound' AND "handledAt" IS NULL
          ORDER BY seq LIMIT 2
        ) m ON true
        WHERE p.id = ${personId}::uuid
        ORDER BY m.seq`;
      const first = rows[0];
      if (!first) return null;
      const person: PersonRecord = {
        id: first.id,
        channel: first.channel,
        handle: first.handle,
        locale: first.locale === "en" ? "en" : "vi",
        reachable: first.reachable,
        createdAt: first.createdAt,
      };
      const conversation: ConversationState | null =
        first.flow === null
          ? null
          : {
              flow: first.flow,
              step: first.step ?? "",
              data: (json(first.data) ?? {}) as Record<string, unknown>,
              menu: (json(first.menu) ?? null) as MenuState | null,
              menuSeq: Number(first.menuSeq ?? 0),
              updatedAt: first.updatedAt ?? undefined,
            };
      const inbound =
        first.inboundId === null
          ? null
          : {
              id: first.inboundId,
              channel: first.inboundChannel ?? first.channel,
              attempts: Number(first.attempts ?? 0),
              body: JSON.parse(sealer.open(first.bodyEnc ?? "")) as InboundEvent,
            };
      return { person, conversation, inbound, more: rows.length > 1 };
    },

    async closeTurn({ personId, channel, inboundId, now, state, replies }) {
      const seen = inboundId
        ? Prisma.sql`
          handled AS (UPDATE "Message" SET "handledAt" = ${now} WHERE id = ${inboundId}::uuid AND "handledAt" IS NULL RETURNING 1),
          seen AS (UPDATE "Person" SET "lastSeenAt" = ${now}, reachable = true WHERE id = ${personId}::uuid RETURNING 1),`
        : Prisma.empty;
      const menu = state.menu === null ? null : JSON.stringify(state.menu);
      // The wall clock, as Prisma's @updatedAt writes it (stale-intake purges compare against it).
      const saved = Prisma.sql`
          saved AS (
            INSERT INTO "Conversation" ("personId", flow, step, data, menu, "menuSeq", "updatedAt")
            VALUES (${personId}::uuid, ${state.flow}, ${state.step}, ${JSON.stringify(state.data)}::jsonb, ${menu}::jsonb, ${state.menuSeq}, ${new Date()})
            ON CONFLICT ("personId") DO UPDATE SET flow = EXCLUDED.flow, step = EXCLUDED.step, data = EXCLUDED.data, menu = EXCLUDED.menu,
              "menuSeq" = EXCLUDED."menuSeq", "updatedAt" = EXCLUDED."updatedAt"
            RETURNING 1)`;
      if (replies.length === 0) {
        await prisma.$executeRaw`WITH ${seen} ${saved} SELECT 1`;
        return [];
      }
      // The same row recordOutbound writes: pending, leased, sealed body. Ids are made here so the order is ours.
      const ids = replies.map(() => randomUUID());
      const values = Prisma.join(
        replies.map(
          (r, i) =>
            Prisma.sql`(${ids[i]}::uuid, ${personId}::uuid, ${channel}::"ChannelName", 'outbound'::"Direction", 'bot'::"Author", ${r.body.kind}, ${sealer.seal(JSON.stringify(r.body))}, 'pending'::"DeliveryStatus", ${r.leaseUntil}::timestamp, ${i})`,
        ),
      );
      const rows = await prisma.$queryRaw<Array<{ id: string; seq: bigint | number }>>`
        WITH ${seen} ${saved},
          outbox AS (
            INSERT INTO "Message" (id, "personId", channel, direction, author, kind, "bodyEnc", status, "nextAttemptAt")
            SELECT id, "personId", channel, direction, author, kind, "bodyEnc", status, "nextAttemptAt"
            FROM (VALUES ${values}) AS v(id, "personId", channel, direction, author, kind, "bodyEnc", status, "nextAttemptAt", ord)
            ORDER BY ord
            RETURNING id::text, seq)
        SELECT id, seq FROM outbox`;
      const seqs = new Map(rows.map((r) => [r.id, Number(r.seq)]));
      return ids.map((id) => ({ id, seq: seqs.get(id) ?? 0 }));
    },
  };
}
