// The message log: every inbound and outbound message, bodies sealed at rest.
import { randomUUID } from "node:crypto";
import type { Sealer } from "../shared/crypto/sealer.ts";
import type { InboundEvent, MessageBody, MessageStore, OutboundMessage, StoredMessage } from "../core/ports.ts";
import { openOrEmpty } from "./rows.ts";
import type { PrismaClient } from "./generated/client.ts";

export function createMessageStore(prisma: PrismaClient, sealer: Sealer): Omit<MessageStore, "acceptInbound"> {
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
        by: ["status"],
        where: { direction: "outbound", OR: [{ status: "pending" }, { status: "failed", nextAttemptAt: { not: null } }] },
        _count: { _all: true },
      });
      const count = (status: string) => rows.find((r) => r.status === status)?._count._all ?? 0;
      return { pending: count("pending"), failed: count("failed") };
    },
    async recordOutbound({ personId, channel, author, body, caseId, leaseUntil }) {
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
      // One statement: pick due rows — failed ones whose retry time came, pending ones whose send lease
      // ran out — skipping any another instance is claiming, and lease them again. UPDATE … RETURNING
      // comes back in no particular order, so the outer SELECT restores "oldest first" (the caller
      // resends in this order: a person's retries must not overtake each other).
      const rows = await prisma.$queryRaw<Array<{ id: string; personId: string; bodyEnc: string; attempts: number }>>`
        WITH claimed AS (
          UPDATE "Message" m SET status = 'pending', "nextAttemptAt" = ${leaseUntil}
          FROM (
            SELECT id, "nextAttemptAt" AS due FROM "Message"
            WHERE direction = 'outbound' AND status IN ('failed', 'pending') AND "nextAttemptAt" <= ${now}
            ORDER BY "nextAttemptAt", seq LIMIT ${limit} FOR UPDATE SKIP LOCKED
          ) d
          WHERE m.id = d.id
          RETURNING m.id, m."personId", m."bodyEnc", m.attempts, m.seq, d.due
        )
        SELECT id, "personId", "bodyEnc", attempts FROM claimed ORDER BY due, seq`;
      return rows.map((r) => ({ id: r.id, personId: r.personId, attempts: Number(r.attempts), body: JSON.parse(sealer.open(r.bodyEnc)) as OutboundMessage }));
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
        return { id: r.id, seq: Number(r.seq), direction: r.direction, author: r.author, body, status: r.status, createdAt: r.createdAt };
      });
    },
    async lastCounsellorMessageId(caseId) {
      const row = await prisma.message.findFirst({ where: { caseId, author: "counsellor" }, orderBy: { seq: "desc" }, select: { id: true } });
      return row?.id ?? null;
    },
  };
}
