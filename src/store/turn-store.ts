// A conversation turn's own reads and writes, inside its transaction, in as few round trips as the
// database allows (issue 14: at most two transactions per inbound message, accept and turn):
//   openTurn  — the person's advisory lock (transaction-scoped, PostgreSQL only: the embedded database
//               has one process, which serialises people itself), then person + conversation + the next
//               unhandled inbound message in one SELECT (after the lock: read committed takes a new
//               snapshot per statement, so the previous holder's commit is seen);
//   closeTurn — handled mark, last seen, conversation upsert and every reply row in one statement.
// On node-postgres that is two round trips for the whole turn: BEGIN + lock + read, then write + COMMIT.
// Plain SQL (raw-sql.ts): run on the plain connection of the fast path, or through Prisma's transaction.
import { randomUUID } from "node:crypto";
import type { Sealer } from "../shared/crypto/sealer.ts";
import type { ChannelName, ConversationState, ConversationStore, InboundEvent, MenuState, PersonRecord } from "../core/ports.ts";
import { advisoryKey } from "./advisory-locks.ts";
import { NEWEST_NOTICE_SQL, newestNoticeWith } from "./club-store.ts";
import { utc, type TransactionQuery } from "./raw-sql.ts";
import type { ClubStore } from "../core/clubs/ports.ts";

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
  createdAt: string;
  lastSeenAt: string;
  flow: string | null;
  step: string | null;
  data: string | null;
  menu: string | null;
  menuSeq: number | null;
  updatedAt: string | null;
  inboundId: string | null;
  inboundChannel: ChannelName | null;
  bodyEnc: string | null;
  attempts: number | null;
  noticeMeetingId: string | null;
  noticeAt: string | null;
};

// Up to two unhandled rows: the first is this turn's, a second one means the caller goes on.
const OPEN_SQL = `
  SELECT p.id::text, p.channel::text AS channel, p.handle, p.locale, p.reachable, p."createdAt"::text AS "createdAt", p."lastSeenAt"::text AS "lastSeenAt",
         c.flow, c.step, c.data::text AS data, c.menu::text AS menu, c."menuSeq", c."updatedAt"::text AS "updatedAt",
         m.id::text AS "inboundId", m.channel::text AS "inboundChannel", m."bodyEnc", m.attempts,
         n."meetingId" AS "noticeMeetingId", n.at AS "noticeAt"
  FROM "Person" p
  LEFT JOIN "Conversation" c ON c."personId" = p.id
  LEFT JOIN LATERAL (
    SELECT id, channel, "bodyEnc", attempts, seq FROM "Message"
    WHERE $2::boolean AND "personId" = p.id AND direction = 'inbound' AND "handledAt" IS NULL
    ORDER BY seq LIMIT 2
  ) m ON true
  LEFT JOIN LATERAL (${NEWEST_NOTICE_SQL("p.id")}) n ON true
  WHERE p.id = $1::uuid
  ORDER BY m.seq`;

const LOCK_SQL = `SELECT pg_advisory_xact_lock($1::bigint)::text AS locked`;

export type TurnStore = Pick<ConversationStore, "openTurn" | "closeTurn"> & Pick<ClubStore, "newestNotice">;

export function createTurnStore(query: TransactionQuery, sealer: Sealer, options: TurnStoreOptions): TurnStore {
  // The newest meeting notice as the opening read found it, for this turn's RSVP-by-digit check: the
  // statement it saves would be the turn's only other round trip on a typed digit.
  let opened: { personId: string; notice: { meetingId: string; at: Date } | null } | undefined;
  const newestNotice = newestNoticeWith(query);
  return {
    async newestNotice(personId) {
      return opened?.personId === personId ? opened.notice : newestNotice(personId);
    },
    async openTurn(personId, { lockName, inbox }) {
      // On node-postgres the lock and the read go out with BEGIN in one round trip (raw-sql.ts): the
      // statements run in order and read committed takes a snapshot per statement, so the read still sees
      // the previous holder's commit.
      const lock = [LOCK_SQL, [advisoryKey(lockName)]] as const;
      let rows: OpenRow[];
      if (options.crossInstanceLocks && query.opening) rows = await query.opening<OpenRow>([lock, [OPEN_SQL, [personId, inbox]]]);
      else {
        if (options.crossInstanceLocks) await query(...lock);
        rows = await query<OpenRow>(OPEN_SQL, [personId, inbox]);
      }
      const first = rows[0];
      if (!first) return null;
      opened = { personId, notice: first.noticeMeetingId && first.noticeAt ? { meetingId: first.noticeMeetingId, at: utc(first.noticeAt) } : null };
      const person: PersonRecord = {
        id: first.id,
        channel: first.channel,
        handle: first.handle,
        locale: first.locale === "en" ? "en" : "vi",
        reachable: first.reachable,
        createdAt: utc(first.createdAt),
        lastSeenAt: utc(first.lastSeenAt),
      };
      const conversation: ConversationState | null =
        first.flow === null
          ? null
          : {
              flow: first.flow,
              step: first.step ?? "",
              data: (first.data === null ? {} : JSON.parse(first.data)) as Record<string, unknown>,
              menu: (first.menu === null ? null : JSON.parse(first.menu)) as MenuState | null,
              menuSeq: Number(first.menuSeq ?? 0),
              ...(first.updatedAt === null ? {} : { updatedAt: utc(first.updatedAt) }),
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

    async closeTurn({ personId, channel, inboundId, now, state, replies, last }) {
      const params: unknown[] = [];
      const p = (value: unknown): string => (params.push(value), `$${params.length}`);
      const parts: string[] = [];
      if (inboundId) {
        const at = p(now.toISOString());
        parts.push(`handled AS (UPDATE "Message" SET "handledAt" = ${at}::timestamp WHERE id = ${p(inboundId)}::uuid AND "handledAt" IS NULL RETURNING 1)`);
        parts.push(`seen AS (UPDATE "Person" SET "lastSeenAt" = ${at}::timestamp, reachable = true WHERE id = ${p(personId)}::uuid RETURNING 1)`);
      }
      // updatedAt from the wall clock, as Prisma's @updatedAt writes it (stale-intake purges compare against it).
      parts.push(`saved AS (
        INSERT INTO "Conversation" ("personId", flow, step, data, menu, "menuSeq", "updatedAt")
        VALUES (${p(personId)}::uuid, ${p(state.flow)}, ${p(state.step)}, ${p(JSON.stringify(state.data))}::jsonb, ${p(state.menu === null ? null : JSON.stringify(state.menu))}::jsonb,
                ${p(state.menuSeq)}::integer, ${p(new Date().toISOString())}::timestamp)
        ON CONFLICT ("personId") DO UPDATE SET flow = EXCLUDED.flow, step = EXCLUDED.step, data = EXCLUDED.data, menu = EXCLUDED.menu,
          "menuSeq" = EXCLUDED."menuSeq", "updatedAt" = EXCLUDED."updatedAt"
        RETURNING 1)`);
      // The same rows recordOutbound writes: pending, leased, sealed body. Ids are made here so the order is ours.
      const ids = replies.map(() => randomUUID());
      if (replies.length > 0) {
        const values = replies.map(
          (r, i) =>
            `(${p(ids[i])}::uuid, ${p(personId)}::uuid, ${p(channel)}::"ChannelName", 'outbound'::"Direction", 'bot'::"Author", ${p(r.body.kind)}::text, ${p(sealer.seal(JSON.stringify(r.body)))}::text, 'pending'::"DeliveryStatus", ${p(r.leaseUntil.toISOString())}::timestamp, ${i})`,
        );
        parts.push(`outbox AS (
          INSERT INTO "Message" (id, "personId", channel, direction, author, kind, "bodyEnc", status, "nextAttemptAt")
          SELECT id, "personId", channel, direction, author, kind, "bodyEnc", status, "nextAttemptAt"
          FROM (VALUES ${values.join(", ")}) AS v(id, "personId", channel, direction, author, kind, "bodyEnc", status, "nextAttemptAt", ord)
          ORDER BY ord
          RETURNING id::text, seq::text)`);
      }
      // The turn's last statement: on node-postgres it goes out with COMMIT, in one round trip.
      const rows = await ((last && query.closing) || query)<{ id: string; seq: string }>(
        `WITH ${parts.join(",\n")}\n${replies.length > 0 ? "SELECT id, seq FROM outbox" : "SELECT NULL::text AS id, NULL::text AS seq WHERE false"}`,
        params,
      );
      const seqs = new Map(rows.map((r) => [r.id, Number(r.seq)]));
      return ids.map((id) => ({ id, seq: seqs.get(id) ?? 0 }));
    },
  };
}
