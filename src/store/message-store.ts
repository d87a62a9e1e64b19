// The message log: every inbound and outbound message, bodies sealed at rest.
import { randomUUID } from "node:crypto";
import type { Sealer } from "../shared/crypto/sealer.ts";
import { LANES, type InboundEvent, type Lane, type MessageBody, type MessageStore, type OutboundMessage, type StoredMessage } from "../core/ports.ts";
import { openOrEmpty } from "./rows.ts";
import type { PrismaClient } from "./generated/client.ts";

export function createMessageStore(prisma: PrismaClient, sealer: Sealer): Omit<MessageStore, "acceptInbound" | "settleSends" | "markSending"> {
  const openBody = (enc: string) => openOrEmpty((e) => sealer.open(e), enc);
  return {
    async recordInbound({ personId, channel, channelMessageId, body }) {
      // One raw statement for both outcomes: insert, or (a duplicate) read the row already there. No failed
      // statement (a caught unique violation) and no Prisma query compilation, so a duplicate storm is cheap:
      // bench/duplicate-storm.ts on PostgreSQL, 1,000 duplicates at concurrency 50: 37 s through a failing
      // create, 5.5 s through createManyAndReturn + findUnique, 2.7 s this way (bench/RESULTS.md).
      const rows = await prisma.$queryRaw<Array<{ id: string; duplicate: boolean; handled: boolean }>>`
        WITH ins AS (
          INSERT INTO "Message" (id, "personId", channel, direction, author, kind, "bodyEnc", "channelMessageId", status)
          VALUES (${randomUUID()}::uuid, ${personId}::uuid, ${channel}::"ChannelName", 'inbound', 'person', ${body.kind},
                  ${sealer.seal(JSON.stringify(body satisfies InboundEvent))}, ${channelMessageId ?? null}, 'received')
          ON CONFLICT DO NOTHING
          RETURNING id
        )
        SELECT id::text, false AS duplicate, false AS handled FROM ins
        UNION ALL
        SELECT id::text, true AS duplicate, "handledAt" IS NOT NULL AS handled FROM "Message"
        WHERE NOT EXISTS (SELECT 1 FROM ins) AND channel = ${channel}::"ChannelName" AND "channelMessageId" = ${channelMessageId ?? null}`;
      const row = rows[0];
      if (row) return row;
      // The clashing row was committed after this statement's snapshot began (a concurrent first delivery).
      const seen = channelMessageId
        ? await prisma.message.findUnique({ where: { channel_channelMessageId: { channel, channelMessageId } }, select: { id: true, handledAt: true } })
        : null;
      return { id: seen?.id ?? "", duplicate: true, handled: seen ? seen.handledAt !== null : true };
    },
    async nextUnhandled(personId) {
      const row = await prisma.message.findFirst({
        where: { personId, direction: "inbound", handledAt: null },
        orderBy: { seq: "asc" },
        select: { id: true, channel: true, bodyEnc: true, attempts: true },
      });
      return row ? { id: row.id, channel: row.channel, attempts: row.attempts, body: JSON.parse(sealer.open(row.bodyEnc)) as InboundEvent } : null;
    },
    async markHandled(messageId, now) {
      // Raw: one statement instead of updateMany's BEGIN/UPDATE/COMMIT outside a transaction.
      await prisma.$executeRaw`UPDATE "Message" SET "handledAt" = ${now} WHERE id = ${messageId}::uuid AND "handledAt" IS NULL`;
    },
    async countFailedTurn(messageId) {
      const row = await prisma.message.update({ where: { id: messageId }, data: { attempts: { increment: 1 } }, select: { attempts: true } }).catch(() => null);
      return row?.attempts ?? 0;
    },
    async peopleWithUnhandled(before, limit) {
      const rows = await prisma.message.findMany({
        where: { direction: "inbound", handledAt: null, createdAt: { lt: before } },
        distinct: ["personId"],
        orderBy: { personId: "asc" },
        take: limit,
        select: { personId: true },
      });
      return rows.map((r) => r.personId);
    },
    async oldestUnhandledAt() {
      const row = await prisma.message.aggregate({ where: { direction: "inbound", handledAt: null }, _min: { createdAt: true } });
      return row._min.createdAt ?? null;
    },
    async outboxDepth() {
      // Served by the (status, nextAttemptAt) index; a given-up failure has no next attempt.
      const rows = await prisma.message.groupBy({
        by: ["lane", "status"],
        where: { direction: "outbound", OR: [{ status: { in: ["pending", "queued"] } }, { status: "failed", nextAttemptAt: { not: null } }] },
        _count: { _all: true },
      });
      const count = (status: string, lane?: Lane) =>
        rows.filter((r) => r.status === status && (!lane || r.lane === lane)).reduce((n, r) => n + r._count._all, 0);
      const lanes = Object.fromEntries(LANES.map((l) => [l, { queued: count("queued", l), pending: count("pending", l), failed: count("failed", l) }]));
      return { pending: count("pending"), failed: count("failed"), lanes: lanes as Record<Lane, { queued: number; pending: number; failed: number }> };
    },
    async enqueueOutbound({ personId, channel, author, body, lane, dueAt, idempotencyKey, caseId }) {
      // Insert, or (the key was used) read the row already there: one statement, no failed insert.
      const rows = await prisma.$queryRaw<Array<{ id: string; created: boolean }>>`
        WITH ins AS (
          INSERT INTO "Message" (id, "personId", channel, direction, author, kind, "bodyEnc", status, lane, "nextAttemptAt", "idempotencyKey", "caseId")
          VALUES (${randomUUID()}::uuid, ${personId}::uuid, ${channel}::"ChannelName", 'outbound', ${author}::"Author", ${body.kind},
                  ${sealer.seal(JSON.stringify(body))}, 'queued', ${lane}::"OutboxLane", ${dueAt}, ${idempotencyKey ?? null}, ${caseId ?? null}::uuid)
          ON CONFLICT ("idempotencyKey") DO NOTHING
          RETURNING id
        )
        SELECT id::text, true AS created FROM ins
        UNION ALL
        SELECT id::text, false AS created FROM "Message" WHERE NOT EXISTS (SELECT 1 FROM ins) AND "idempotencyKey" = ${idempotencyKey ?? null}`;
      if (rows[0]) return rows[0];
      // The clashing row was committed after this statement's snapshot began (a concurrent enqueue).
      const seen = idempotencyKey ? await prisma.message.findUnique({ where: { idempotencyKey }, select: { id: true } }) : null;
      return { id: seen?.id ?? "", created: false };
    },
    async enqueueOutboundMany(inputs) {
      if (inputs.length === 0) return [];
      // One statement for a batch (a broadcast's fan-out): insert what is new, read back what a key already
      // made (a rerun). The channel is the person's; a person erased meanwhile is left out.
      const rows = inputs.map((m) => ({
        id: randomUUID(),
        person: m.personId,
        author: m.author,
        kind: m.body.kind,
        body: sealer.seal(JSON.stringify(m.body)),
        lane: m.lane,
        due: m.dueAt.toISOString(),
        key: m.idempotencyKey,
        case_id: m.caseId ?? null,
      }));
      const found = await prisma.$queryRawUnsafe<Array<{ key: string; id: string; created: boolean }>>(
        `WITH input AS (
           SELECT r.*, p.channel FROM jsonb_to_recordset($1::jsonb)
             AS r(id uuid, person uuid, author text, kind text, body text, lane text, due text, key text, case_id uuid)
           JOIN "Person" p ON p.id = r.person
         ), ins AS (
           INSERT INTO "Message" (id, "personId", channel, direction, author, kind, "bodyEnc", status, lane, "nextAttemptAt", "idempotencyKey", "caseId")
           SELECT id, person, channel, 'outbound', author::"Author", kind, body, 'queued', lane::"OutboxLane", due::timestamp(3), key, case_id FROM input
           ON CONFLICT ("idempotencyKey") DO NOTHING
           RETURNING id, "idempotencyKey"
         )
         SELECT i.key, COALESCE(ins.id, m.id)::text AS id, ins.id IS NOT NULL AS created
         FROM input i LEFT JOIN ins ON ins."idempotencyKey" = i.key LEFT JOIN "Message" m ON ins.id IS NULL AND m."idempotencyKey" = i.key`,
        JSON.stringify(rows),
      );
      const byKey = new Map(found.filter((f) => f.id).map((f) => [f.key, f]));
      return inputs.flatMap((m) => {
        const f = byKey.get(m.idempotencyKey);
        return f ? [{ personId: m.personId, id: f.id, created: f.created }] : [];
      });
    },
    async nextDueAt() {
      const row = await prisma.message.aggregate({
        where: { direction: "outbound", status: { in: ["queued", "failed", "pending"] }, nextAttemptAt: { not: null } },
        _min: { nextAttemptAt: true },
      });
      return row._min.nextAttemptAt ?? null;
    },
    async recordOutbound({ personId, channel, author, body, caseId, leaseUntil, lane }) {
      const row = await prisma.message.create({
        data: {
          personId,
          channel,
          direction: "outbound",
          author,
          kind: body.kind,
          bodyEnc: sealer.seal(JSON.stringify(body)),
          caseId: caseId ?? null,
          status: "pending",
          nextAttemptAt: leaseUntil ?? null,
          lane: lane ?? "urgent",
        },
        select: { id: true, seq: true },
      });
      return { id: row.id, seq: Number(row.seq) };
    },
    async markDelivery(messageId, status, channelMessageId) {
      // Settling ends the lease: only a later failure schedules another attempt (scheduleRetry).
      await prisma.message.updateMany({
        where: { id: messageId },
        data: {
          status,
          nextAttemptAt: null,
          ...(channelMessageId ? { sentMessageId: channelMessageId } : {}),
          ...(status === "sent" ? { sentAt: new Date() } : {}),
        },
      });
    },
    async scheduleRetry(messageId, attempts, at) {
      await prisma.message.updateMany({ where: { id: messageId, direction: "outbound" }, data: { attempts, nextAttemptAt: at } });
    },
    async claimDueRetries(now, limit, leaseUntil) {
      // One statement: first, bulk rows whose send lease ran out (their sender died) are settled: those
      // marked as handed to the channel (they may have gone out) are given up for good — bulk goes out at
      // most once — and the others, which never left, are queued again. Then pick due rows — queued
      // ones, failed ones whose retry time came, other lanes' pending ones whose lease ran out — by lane,
      // skipping any another instance is claiming, and lease them. UPDATE … RETURNING comes back in no
      // particular order, so the outer SELECT restores lane, then "oldest first" (the caller sends a
      // person's rows in this order: their retries must not overtake each other).
      const rows = await prisma.$queryRaw<Array<{ id: string; personId: string; bodyEnc: string; attempts: number; lane: Lane }>>`
        WITH abandoned AS (
          UPDATE "Message"
          SET status = CASE WHEN "sendingAt" IS NULL THEN 'queued' ELSE 'failed' END::"DeliveryStatus",
              "nextAttemptAt" = CASE WHEN "sendingAt" IS NULL THEN ${now}::timestamp(3) ELSE NULL END
          WHERE direction = 'outbound' AND status = 'pending' AND lane = 'bulk' AND "nextAttemptAt" <= ${now}
          RETURNING id
        ), claimed AS (
          UPDATE "Message" m SET status = 'pending', "nextAttemptAt" = ${leaseUntil}, "sendingAt" = NULL
          FROM (
            SELECT id, "nextAttemptAt" AS due FROM "Message"
            WHERE direction = 'outbound' AND "nextAttemptAt" <= ${now}
              AND (status IN ('failed', 'queued') OR (status = 'pending' AND lane <> 'bulk'))
            ORDER BY lane, "nextAttemptAt", seq LIMIT ${limit} FOR UPDATE SKIP LOCKED
          ) d
          WHERE m.id = d.id
          RETURNING m.id, m."personId", m."bodyEnc", m.attempts, m.seq, m.lane, d.due
        )
        SELECT id, "personId", "bodyEnc", attempts, lane::text AS lane FROM claimed ORDER BY claimed.lane, due, seq`;
      return rows.map((r) => ({
        id: r.id,
        personId: r.personId,
        attempts: Number(r.attempts),
        lane: r.lane,
        body: JSON.parse(sealer.open(r.bodyEnc)) as OutboundMessage,
      }));
    },
    async linkMessagesToCase(messageIds, caseId) {
      const ids = messageIds.filter((id) => id !== "");
      if (ids.length > 0) await prisma.message.updateMany({ where: { id: { in: ids } }, data: { caseId } });
    },
    async listMessages(personId, { afterSeq, limit }) {
      const rows = await prisma.message.findMany({
        where: { personId, ...(afterSeq !== undefined ? { seq: { gt: BigInt(afterSeq) } } : {}) },
        orderBy: { seq: "asc" },
        take: limit,
      });
      return rows.map((r): StoredMessage => ({
        id: r.id,
        seq: Number(r.seq),
        direction: r.direction,
        author: r.author,
        body: JSON.parse(sealer.open(r.bodyEnc)) as MessageBody,
        caseId: r.caseId,
        status: r.status,
        createdAt: r.createdAt,
        clientRef: r.direction === "inbound" ? r.channelMessageId : null,
        removedAfterDays: r.removedAfterDays,
      }));
    },
    async listCaseMessages(caseId, limit) {
      const rows = await prisma.message.findMany({ where: { caseId }, orderBy: { seq: "desc" }, take: limit });
      return rows.reverse().map((r) => {
        const text = openBody(r.bodyEnc);
        let body: MessageBody;
        try {
          body = JSON.parse(text) as MessageBody;
        } catch {
          body = { kind: "unsupported", media: "unreadable" };
        }
        const removedAfterDays = r.removedAfterDays;
        return { id: r.id, seq: Number(r.seq), direction: r.direction, author: r.author, body, status: r.status, createdAt: r.createdAt, removedAfterDays };
      });
    },
    async lastCounsellorMessageId(caseId) {
      const row = await prisma.message.findFirst({ where: { caseId, author: "counsellor" }, orderBy: { seq: "desc" }, select: { id: true } });
      return row?.id ?? null;
    },
  };
}
