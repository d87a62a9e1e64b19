// People. Messenger ids are sealed; lookups go through an HMAC key.
import type { Sealer } from "../shared/crypto/sealer.ts";
import type { ChannelName, PersonRecord, PersonStore } from "../core/ports.ts";
import type { PrismaClient } from "./generated/client.ts";
import { isUniqueViolation, withFreshHandle } from "./handles.ts";
import { prismaQuery, type RawQuery } from "./raw-sql.ts";
import { inTransaction } from "./rows.ts";

/**
 * pg-boss keeps job payloads in its own schema (same database); a payload naming one of these cases
 * (`notify-urgent-case`: { caseId }) is deleted while waiting and emptied once finished. Nothing to do
 * before pg-boss created its schema.
 */
async function scrubJobs(tx: PrismaClient, caseIds: string[]): Promise<void> {
  const [found] = await tx.$queryRaw<Array<{ ok: boolean }>>`SELECT to_regclass('pgboss.job') IS NOT NULL AS ok`;
  if (!found?.ok) return;
  await tx.$executeRaw`DELETE FROM pgboss.job WHERE state::text IN ('created', 'retry') AND data->>'caseId' = ANY(${caseIds})`;
  await tx.$executeRaw`UPDATE pgboss.job SET data = '{}'::jsonb WHERE data->>'caseId' = ANY(${caseIds})`;
}

type PersonRow = { id: string; channel: ChannelName; handle: string; locale: string; reachable: boolean; createdAt: Date; lastSeenAt: Date };

const toPerson = (row: PersonRow): PersonRecord => ({
  id: row.id,
  channel: row.channel,
  handle: row.handle,
  locale: row.locale === "en" ? "en" : "vi",
  reachable: row.reachable,
  createdAt: row.createdAt,
  lastSeenAt: row.lastSeenAt,
});

/** One plain statement: a Prisma updateMany outside a transaction costs BEGIN, UPDATE and COMMIT (stack.md). */
export const updatePersonWith =
  (query: RawQuery): PersonStore["updatePerson"] =>
  async (personId, patch) =>
    void (await query(
      `UPDATE "Person" SET locale = COALESCE($2::text, locale), reachable = COALESCE($3::boolean, reachable),
         "lastSeenAt" = COALESCE($4::timestamp, "lastSeenAt") WHERE id = $1::uuid RETURNING 1 AS ok`,
      [personId, patch.locale ?? null, patch.reachable ?? null, patch.lastSeenAt?.toISOString() ?? null],
    ));

export function createPeopleStore(prisma: PrismaClient, sealer: Sealer, query: RawQuery = prismaQuery(prisma)): PersonStore {
  const lookup = (channel: ChannelName, externalId: string) => sealer.lookupKey(`${channel}:${externalId}`);

  const findPerson: PersonStore["findPerson"] = async (channel, externalId) => {
    const row = await prisma.person.findUnique({ where: { channel_lookupKey: { channel, lookupKey: lookup(channel, externalId) } } });
    return row ? toPerson(row) : null;
  };

  return {
    findPerson,
    async findOrCreatePerson({ channel, externalId, locale }) {
      const existing = await findPerson(channel, externalId);
      if (existing) return { person: existing, created: false };
      return withFreshHandle(async (handle) => {
        try {
          const row = await prisma.person.create({
            data: { channel, lookupKey: lookup(channel, externalId), channelIdEnc: sealer.seal(externalId), handle, locale },
          });
          return { person: toPerson(row), created: true };
        } catch (error) {
          // A unique clash is this handle (withFreshHandle tries another) or two first messages racing:
          // then the other one created the person. Checked here, per attempt, because withFreshHandle
          // retries every unique clash and would otherwise end with "could not allocate a handle".
          const raced = isUniqueViolation(error) ? await findPerson(channel, externalId) : null;
          if (raced) return { person: raced, created: false };
          throw error;
        }
      });
    },
    async getPerson(personId) {
      const row = await prisma.person.findUnique({ where: { id: personId } });
      return row ? toPerson(row) : null;
    },
    async getAddress(personId) {
      const row = await prisma.person.findUnique({ where: { id: personId } });
      if (!row) return null;
      return { channel: row.channel, externalId: sealer.open(row.channelIdEnc), locale: toPerson(row).locale, reachable: row.reachable };
    },
    updatePerson: updatePersonWith(query),
    async rebindPerson(personId, externalId) {
      const row = await prisma.person.findUnique({ where: { id: personId }, select: { channel: true } });
      if (!row) return;
      await prisma.person.updateMany({ where: { id: personId }, data: { lookupKey: lookup(row.channel, externalId), channelIdEnc: sealer.seal(externalId) } });
    },
    async deletePersonData(personId) {
      // One transaction (the turn's, when erasing from the chat). Cascades remove the conversation,
      // messages, cases with their notes, referrals, club memberships, RSVPs, attendance, notices, tip
      // subscription, broadcast deliveries and return code. What does not cascade is made to name nobody:
      // the audit trail keeps its rows and the case id (opaque once the case is gone) but loses the ids
      // of the person's messages and notes; pg-boss jobs that name one of their cases are deleted when
      // still waiting, and emptied when finished. Report facts are never touched (they name nobody).
      await inTransaction(prisma, async (tx) => {
        const caseIds = (await tx.case.findMany({ where: { personId }, select: { id: true } })).map((c) => c.id);
        if (caseIds.length > 0) {
          await tx.$executeRaw`UPDATE "ConsoleAudit" SET details = details - 'messageId' - 'noteId' WHERE "caseId" = ANY(${caseIds}::uuid[])`;
          await scrubJobs(tx, caseIds);
        }
        await tx.person.deleteMany({ where: { id: personId } });
      });
    },
  };
}
