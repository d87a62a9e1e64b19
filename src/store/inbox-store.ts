// The accept path in one statement: find or create the person and put the event in their inbox.
// One round trip and one (autocommit) transaction per inbound message, no Prisma query compilation, no
// lock, and no failing statement: every unique clash is an ON CONFLICT DO NOTHING that the result shows.
import { randomUUID } from "node:crypto";
import type { Sealer } from "../shared/crypto/sealer.ts";
import type { InboundEvent, MessageStore } from "../core/ports.ts";
import { AppError } from "../shared/errors/app-error.ts";
import type { PrismaClient } from "./generated/client.ts";
import { newHandle } from "./handles.ts";

type AcceptRow = { personId: string; handle: string; newId: string | null; oldId: string | null; handled: boolean | null };

/** Attempts before giving up: a handle clash or a person created concurrently (not yet in the snapshot) retries. */
const ATTEMPTS = 12;

export function createInboxStore(prisma: PrismaClient, sealer: Sealer): Pick<MessageStore, "acceptInbound"> {
  return {
    async acceptInbound({ channel, externalId, locale, channelMessageId, body }) {
      const lookupKey = sealer.lookupKey(`${channel}:${externalId}`);
      const bodyEnc = sealer.seal(JSON.stringify(body satisfies InboundEvent));
      const cmid = channelMessageId ?? null;
      for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
        // `found` and `created` are empty together only when the person row is not in this statement's
        // snapshot: a concurrent first message created it (the ON CONFLICT waited for that commit) or the
        // new handle was taken. A new statement (new snapshot, new handle) then settles it.
        const rows = await prisma.$queryRaw<AcceptRow[]>`
          WITH found AS (
            SELECT id, handle FROM "Person" WHERE channel = ${channel}::"ChannelName" AND "lookupKey" = ${lookupKey}
          ), created AS (
            INSERT INTO "Person" (id, channel, "lookupKey", "channelIdEnc", handle, locale)
            SELECT ${randomUUID()}::uuid, ${channel}::"ChannelName", ${lookupKey}, ${sealer.seal(externalId)}, ${newHandle(attempt < 8 ? 4 : 6)}, ${locale}
            WHERE NOT EXISTS (SELECT 1 FROM found)
            ON CONFLICT DO NOTHING
            RETURNING id, handle
          ), person AS (
            SELECT id, handle FROM found UNION ALL SELECT id, handle FROM created
          ), ins AS (
            INSERT INTO "Message" (id, "personId", channel, direction, author, kind, "bodyEnc", "channelMessageId", status)
            SELECT ${randomUUID()}::uuid, person.id, ${channel}::"ChannelName", 'inbound', 'person', ${body.kind}, ${bodyEnc}, ${cmid}, 'received'
            FROM person
            ON CONFLICT DO NOTHING
            RETURNING id
          )
          SELECT person.id::text AS "personId", person.handle, (SELECT id::text FROM ins) AS "newId", old.id::text AS "oldId", old."handledAt" IS NOT NULL AS handled
          FROM person
          LEFT JOIN "Message" old ON NOT EXISTS (SELECT 1 FROM ins) AND old.channel = ${channel}::"ChannelName" AND old."channelMessageId" = ${cmid}`;
        const row = rows[0];
        if (!row) continue;
        if (row.newId) return { personId: row.personId, handle: row.handle, id: row.newId, duplicate: false, handled: false };
        if (row.oldId) return { personId: row.personId, handle: row.handle, id: row.oldId, duplicate: true, handled: row.handled === true };
        // The clashing message was committed after this statement's snapshot began (a concurrent first delivery).
        const seen = cmid
          ? await prisma.message.findUnique({ where: { channel_channelMessageId: { channel, channelMessageId: cmid } }, select: { id: true, handledAt: true } })
          : null;
        return { personId: row.personId, handle: row.handle, id: seen?.id ?? "", duplicate: true, handled: seen ? seen.handledAt !== null : true };
      }
      throw new AppError("unavailable", `could not accept the message after ${ATTEMPTS} attempts (person creation kept clashing)`);
    },
  };
}
