// The web chat's return codes. Only an HMAC of the code (keyed with the app's HMAC key, bound to the person)
// is stored, so a copy of the database does not give the codes away, even by trying every short code.
import { timingSafeEqual } from "node:crypto";
import type { Sealer } from "../shared/crypto/sealer.ts";
import type { WebReturnStore } from "../core/ports.ts";
import type { PrismaClient } from "./generated/client.ts";

export function createWebReturnStore(prisma: PrismaClient, sealer: Sealer): WebReturnStore {
  const hash = (personId: string, code: string): string => sealer.lookupKey(`webchat-return:${personId}:${code}`);
  return {
    async saveReturnCode(personId, code, now) {
      const codeHash = hash(personId, code);
      await prisma.webChatReturn.upsert({
        where: { personId },
        create: { personId, codeHash, createdAt: now },
        update: { codeHash, failures: 0, lockedUntil: null, createdAt: now },
      });
    },
    async checkReturnCode(personId, code, now, limits) {
      const row = await prisma.webChatReturn.findUnique({ where: { personId } });
      if (!row) return "none";
      if (row.lockedUntil && row.lockedUntil > now) return "locked";
      const expected = Buffer.from(row.codeHash);
      const given = Buffer.from(hash(personId, code));
      if (expected.length === given.length && timingSafeEqual(expected, given)) {
        // Used up: the next device gets a new code when it asks for one.
        await prisma.webChatReturn.deleteMany({ where: { personId, codeHash: row.codeHash } });
        return "ok";
      }
      // Counted atomically, so parallel guesses cannot share one count.
      const counted = await prisma.webChatReturn.updateManyAndReturn({ where: { personId }, data: { failures: { increment: 1 } } });
      if ((counted[0]?.failures ?? 0) >= limits.maxFailures)
        await prisma.webChatReturn.updateMany({ where: { personId }, data: { failures: 0, lockedUntil: new Date(now.getTime() + limits.lockMs) } });
      return "wrong";
    },
  };
}
