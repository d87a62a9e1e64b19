// People. Messenger ids are sealed; lookups go through an HMAC key.
import type { Sealer } from "../shared/crypto/sealer.ts";
import type { ChannelName, PersonRecord, PersonStore } from "../core/ports.ts";
import type { PrismaClient } from "./generated/client.ts";
import { isUniqueViolation, withFreshHandle } from "./handles.ts";

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

export function createPeopleStore(prisma: PrismaClient, sealer: Sealer): PersonStore {
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
    async updatePerson(personId, patch) {
      await prisma.person.updateMany({ where: { id: personId }, data: patch });
    },
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
