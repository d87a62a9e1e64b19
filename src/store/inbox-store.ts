// The accept path in one statement: find or create the person and put the event in their inbox; and the
// settle statement after sends, which rides along in the next accept when one comes soon. Both on plain
// SQL: they run once per message.
// One round trip and one (autocommit) transaction per inbound message, plain SQL (raw-sql.ts), no
// lock, and no failing statement: every unique clash is an ON CONFLICT DO NOTHING that the result shows.
import { randomUUID } from "node:crypto";
import type { Sealer } from "../shared/crypto/sealer.ts";
import type { InboundEvent, MessageStore } from "../core/ports.ts";
import { AppError } from "../shared/errors/app-error.ts";
import type { RawQuery } from "./raw-sql.ts";
import { newHandle } from "./handles.ts";
import { bookAlone, reserveCte, type Book, type BookingRow } from "./send-budget.ts";

type AcceptRow = { personId: string | null; handle: string; newId: string | null; oldId: string | null; handled: boolean | null; booked?: string | null };

/** Attempts before giving up: a handle clash or a person created concurrently (not yet in the snapshot) retries. */
const ATTEMPTS = 12;

// `found` and `created` are empty together only when the person row is not in this statement's snapshot:
// a concurrent first message created it (the ON CONFLICT waited for that commit) or the new handle was
// taken. A new statement (new snapshot, new handle) then settles it.
// $1 channel, $2 lookupKey, $3 new person id, $4 sealed messenger id, $5 handle, $6 locale,
// $7 new message id, $8 kind, $9 sealed body, $10 channelMessageId
const ACCEPT_CTES = `
  found AS (
    SELECT id, handle FROM "Person" WHERE channel = $1::"ChannelName" AND "lookupKey" = $2::text
  ), created AS (
    INSERT INTO "Person" (id, channel, "lookupKey", "channelIdEnc", handle, locale)
    SELECT $3::uuid, $1::"ChannelName", $2::text, $4::text, $5::text, $6::text
    WHERE NOT EXISTS (SELECT 1 FROM found)
    ON CONFLICT DO NOTHING
    RETURNING id, handle
  ), person AS (
    SELECT id, handle FROM found UNION ALL SELECT id, handle FROM created
  ), ins AS (
    INSERT INTO "Message" (id, "personId", channel, direction, author, kind, "bodyEnc", "channelMessageId", status)
    SELECT $7::uuid, person.id, $1::"ChannelName", 'inbound', 'person', $8::text, $9::text, $10::text, 'received'
    FROM person
    ON CONFLICT DO NOTHING
    RETURNING id
  )`;
const ACCEPT_SELECT = `
  SELECT person.id::text AS "personId", person.handle, (SELECT id::text FROM ins) AS "newId", old.id::text AS "oldId", old."handledAt" IS NOT NULL AS handled
  FROM person
  LEFT JOIN "Message" old ON NOT EXISTS (SELECT 1 FROM ins) AND old.channel = $1::"ChannelName" AND old."channelMessageId" = $10::text`;

// Settling a batch of sends: one statement, ending each row's lease (a failure may schedule the next attempt).
// A broadcast message settled as sent also records its `broadcast.delivered` fact in the same statement
// (core/reports/ports.ts): only bulk rows keyed `broadcast:<id>:…` reach the Broadcast lookup (by its
// primary key), so conversation replies pay nothing but the filter. The fact's source is the message,
// as a keyed hash (the key parameter is a secret derived from the lookup key; never the id itself):
// settling the same message again (a retried batch) counts once. Area: the broadcast's province
// (subscribers of an area), else its club's province and ward, else the recipient's tip-subscription
// province, else none. `rows` and `key` are the statement's parameter numbers.
const settleCtes = (rows: string, key: string) => `
  settled AS (
    UPDATE "Message" m SET
      status = s.status::"DeliveryStatus",
      "sentMessageId" = COALESCE(s.cmid, m."sentMessageId"),
      "sentAt" = COALESCE(s.sent_at, m."sentAt"),
      attempts = COALESCE(s.attempts, m.attempts),
      "nextAttemptAt" = s.next
    FROM jsonb_to_recordset(${rows}::jsonb) AS s(id uuid, status text, cmid text, attempts int, next timestamp(3), sent_at timestamp(3))
    WHERE m.id = s.id AND m.direction = 'outbound'
    RETURNING m.id, m."personId", m.channel, m.status, m."sentAt",
      CASE WHEN m.lane = 'bulk' AND m.status = 'sent' AND m."idempotencyKey" ~ '^broadcast:[0-9a-f-]{36}:'
        THEN split_part(m."idempotencyKey", ':', 2)::uuid END AS broadcast_id
  ), delivered AS (
    INSERT INTO "ReportFact" (kind, at, "provinceCode", "wardCode", dims, value, "sourceKey")
    SELECT 'broadcast.delivered', COALESCE(x."sentAt", now()), COALESCE(b."provinceCode", c."provinceCode", t."provinceCode"),
      CASE WHEN b."provinceCode" IS NULL AND c."provinceCode" IS NOT NULL THEN c."wardCode" END,
      jsonb_build_object('audience', b.audience, 'channel', x.channel::text, 'club', b."clubId"::text), 1,
      encode(sha256(convert_to(${key}::text || x.id::text, 'UTF8')), 'hex')
    FROM settled x
    JOIN "Broadcast" b ON b.id = x.broadcast_id
    LEFT JOIN "Club" c ON c.id = b."clubId"
    LEFT JOIN "TipSubscription" t ON t."personId" = x."personId"
    WHERE x.broadcast_id IS NOT NULL
    ON CONFLICT (kind, "sourceKey") DO NOTHING
    RETURNING 1
  )`;
const SETTLE_SQL = `WITH ${settleCtes("$1", "$2")} SELECT (SELECT count(*) FROM settled)::int AS settled`;

/**
 * The accept statement, carrying waiting settlements and send-budget bookings along when there are
 * some: a data-modifying WITH runs to completion whether or not the final SELECT reads it. With bookings,
 * the statement always returns one row (its person columns null when it found no person), which holds
 * the bookings' results. Four texts, each prepared once (raw-sql.ts).
 */
const acceptSql = (settle: boolean, book: boolean): string => {
  const ctes = [ACCEPT_CTES];
  if (settle) ctes.unshift(settleCtes("$11", "$12"));
  if (book) ctes.unshift(reserveCte(settle ? "$13" : "$11", settle ? "$14" : "$12"));
  const select = book
    ? `SELECT a.*, (SELECT jsonb_agg(jsonb_build_array(b.key, b.tat)) FROM booked b)::text AS booked FROM (SELECT 1) one LEFT JOIN (${ACCEPT_SELECT}) a ON true`
    : ACCEPT_SELECT;
  return `WITH ${ctes.join(", ")} ${select}`;
};
const ACCEPT_SQL = [acceptSql(false, false), acceptSql(true, false), acceptSql(false, true), acceptSql(true, true)] as const;

/**
 * How long settlements wait for an accept statement to ride on before they go in one of their own. Under
 * load a message arrives every few milliseconds, so the settle costs no transaction of its own; when it is
 * quiet, the reply's row is settled this much later (its lease covers a crash meanwhile: sent again).
 */
export const SETTLE_RIDE_MS = 20;

/**
 * How long a send-budget booking may wait for an accept to ride on, and only while accepts are coming this
 * often (the last one began less than this long ago): a booking is on a reply's way out, so when it is
 * quiet it goes at once, alone. Under load the event loop works in bursts (a run of accepts, then a run
 * of turns and sends): with a 5 ms window only 12% of bookings found an accept, with 20 ms 70%
 * (bench/RESULTS.md), for about 10 ms more accept → send at 100 messages a second.
 */
export const BOOK_RIDE_MS = 20;

type SettleRow = { id: string; status: string; cmid: string | null; attempts: number | null; next: string | null; sent_at: string | null };
type Rider = { rows: SettleRow[]; resolve(): void; reject(error: unknown): void };
type Booker = { rows: BookingRow[]; resolve(booked: Awaited<ReturnType<Book>>): void; reject(error: unknown): void };

/** A queue of riders waiting for the next accept, or for their timer to send them alone. */
function rideQueue<R>(waitMs: number, alone: (riders: R[]) => Promise<void>) {
  let riders: R[] = [];
  let timer: NodeJS.Timeout | undefined;
  /** Takes the riders for a statement (those `fits` lets on); the timer stops when none is left. */
  const take = (fits: (rider: R) => boolean = () => true): R[] => {
    const taken: R[] = [];
    const left: R[] = [];
    for (const r of riders) (fits(r) ? taken : left).push(r);
    riders = left;
    if (riders.length === 0) {
      clearTimeout(timer);
      timer = undefined;
    }
    return taken;
  };
  const add = (rider: R): void => {
    riders.push(rider);
    timer ??= setTimeout(() => {
      timer = undefined;
      void alone(take());
    }, waitMs);
  };
  return { take, add };
}

export type InboxStore = Pick<MessageStore, "acceptInbound" | "settleSends" | "markSending"> & {
  /** Send-budget bookings (send-budget.ts), riding along in accepts when they come often. */
  book: Book;
};

/**
 * `rideAlong`: settlements wait (at most SETTLE_RIDE_MS) for the next accept and go in its statement, and
 * so do budget bookings while accepts are frequent (BOOK_RIDE_MS). Only for the store the app shares (not
 * one bound to a transaction: its statements must not outlive it).
 */
export function createInboxStore(query: RawQuery, sealer: Sealer, o: { rideAlong?: boolean } = {}): InboxStore {
  const deliveredKey = sealer.lookupKey("report-fact:broadcast.delivered:key");
  const settleAlone = async (batch: Rider[]): Promise<void> => {
    if (batch.length === 0) return;
    try {
      await query(SETTLE_SQL, [JSON.stringify(batch.flatMap((r) => r.rows)), deliveredKey]);
      for (const r of batch) r.resolve();
    } catch (error) {
      for (const r of batch) r.reject(error);
    }
  };
  const alone = bookAlone(query);
  // One statement per booking on its own: two riders' bookings may name the same key.
  const bookersAlone = async (batch: Booker[]): Promise<void> => {
    for (const b of batch) await alone(b.rows).then(b.resolve, b.reject);
  };
  const settlers = rideQueue<Rider>(SETTLE_RIDE_MS, settleAlone);
  const bookers = rideQueue<Booker>(BOOK_RIDE_MS, bookersAlone);
  let lastAcceptAt = -Infinity;
  /** The bookings for one statement: riders whose keys no earlier rider in it names (a key once per statement). */
  const takeBookers = (): Booker[] => {
    const keys = new Set<string>();
    return bookers.take((b) => {
      if (b.rows.some((r) => keys.has(r.k))) return false;
      for (const r of b.rows) keys.add(r.k);
      return true;
    });
  };
  return {
    async book(rows) {
      if (!o.rideAlong || performance.now() - lastAcceptAt > BOOK_RIDE_MS) return alone(rows);
      return new Promise((resolve, reject) => bookers.add({ rows, resolve, reject }));
    },
    async markSending(ids) {
      if (ids.length === 0) return;
      await query(`UPDATE "Message" SET "sendingAt" = now() WHERE id IN (SELECT jsonb_array_elements_text($1::jsonb)::uuid) AND status = 'pending'`, [
        JSON.stringify(ids),
      ]);
    },
    async settleSends(settlements) {
      if (settlements.length === 0) return;
      const sentAt = new Date().toISOString();
      const rows = settlements.map((x): SettleRow => ({
        id: x.id,
        status: x.status,
        cmid: x.channelMessageId ?? null,
        attempts: x.attempts ?? null,
        next: x.nextAttemptAt ? x.nextAttemptAt.toISOString() : null,
        sent_at: x.status === "sent" ? sentAt : null,
      }));
      if (!o.rideAlong) {
        await query(SETTLE_SQL, [JSON.stringify(rows), deliveredKey]);
        return;
      }
      return new Promise<void>((resolve, reject) => settlers.add({ rows, resolve, reject }));
    },
    async acceptInbound({ channel, externalId, locale, channelMessageId, body }) {
      const lookupKey = sealer.lookupKey(`${channel}:${externalId}`);
      const bodyEnc = sealer.seal(JSON.stringify(body satisfies InboundEvent));
      const channelIdEnc = sealer.seal(externalId);
      const cmid = channelMessageId ?? null;
      for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
        const handle = newHandle(attempt < 8 ? 4 : 6);
        const params: unknown[] = [channel, lookupKey, randomUUID(), channelIdEnc, handle, locale, randomUUID(), body.kind, bodyEnc, cmid];
        lastAcceptAt = performance.now();
        const settling = settlers.take();
        const booking = takeBookers();
        if (settling.length > 0) params.push(JSON.stringify(settling.flatMap((r) => r.rows)), deliveredKey);
        const bookedFrom = Date.now();
        if (booking.length > 0) params.push(JSON.stringify(booking.flatMap((b) => b.rows)), bookedFrom);
        let row: AcceptRow | undefined;
        try {
          row = (await query<AcceptRow>(ACCEPT_SQL[(settling.length > 0 ? 1 : 0) + (booking.length > 0 ? 2 : 0)]!, params))[0];
        } catch (error) {
          // The riders are not lost with the accept: they try on their own.
          void settleAlone(settling);
          void bookersAlone(booking);
          throw error;
        }
        for (const r of settling) r.resolve();
        if (booking.length > 0) {
          const tats = (JSON.parse(row?.booked ?? "[]") as Array<[string, number]>).map(([key, tat]) => ({ key, tat }));
          for (const b of booking) b.resolve({ now: bookedFrom, tats });
        }
        if (!row?.personId) continue;
        if (row.newId) return { personId: row.personId, handle: row.handle, id: row.newId, duplicate: false, handled: false };
        if (row.oldId) return { personId: row.personId, handle: row.handle, id: row.oldId, duplicate: true, handled: row.handled === true };
        // The clashing message was committed after this statement's snapshot began (a concurrent first delivery).
        const seen = cmid
          ? (
              await query<{ id: string; handled: boolean }>(
                `SELECT id::text, "handledAt" IS NOT NULL AS handled FROM "Message" WHERE channel = $1::"ChannelName" AND "channelMessageId" = $2::text`,
                [channel, cmid],
              )
            )[0]
          : undefined;
        return { personId: row.personId, handle: row.handle, id: seen?.id ?? "", duplicate: true, handled: seen ? seen.handled : true };
      }
      throw new AppError("unavailable", `could not accept the message after ${ATTEMPTS} attempts (person creation kept clashing)`);
    },
  };
}
