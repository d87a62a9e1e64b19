// People. Messenger ids are sealed; lookups go through an HMAC key.
import type { Sealer } from "../shared/crypto/sealer.ts";
import type { ChannelName, PersonRecord, PersonStore } from "../core/ports.ts";
import type { PrismaClient } from "./generated/client.ts";
import { isUniqueViolation, withFreshHandle } from "./handles.ts";
import { prismaQuery, type RawQuery } from "./raw-sql.ts";

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
      // Cascades remove the conversation, messages and cases.
      await prisma.person.deleteMany({ where: { id: personId } });
    },
  };
}
