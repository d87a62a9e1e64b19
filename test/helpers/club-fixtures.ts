// Clubs, members, meetings and RSVPs written straight into a test database (the clubs part builds the real
// screens for these; attendance tests only need the rows). Display names are sealed like the store does.
import { randomUUID } from "node:crypto";
import type { Sealer } from "../../src/shared/crypto/sealer.ts";
import { createSealer } from "../../src/shared/crypto/sealer.ts";
import type { PrismaClient } from "../../src/store/generated/client.ts";

/** The sealer of an app started with explicit keys (startTestApp sets ENCRYPTION_KEY and HMAC_KEY). */
export function sealerOf(env: { ENCRYPTION_KEY_ID: string; ENCRYPTION_KEY?: string | undefined; HMAC_KEY?: string | undefined }): Sealer {
  return createSealer(
    { currentId: env.ENCRYPTION_KEY_ID, keys: new Map([[env.ENCRYPTION_KEY_ID, Buffer.from(env.ENCRYPTION_KEY!, "base64")]]) },
    Buffer.from(env.HMAC_KEY!, "base64"),
  );
}

export interface ClubFixtures {
  club(o: { name?: string; provinceCode: number; wardCode?: number | null; leaderIds?: string[]; active?: boolean }): Promise<string>;
  member(clubId: string, personId: string, o?: { displayName?: string; followUp?: boolean; leftAt?: Date | null }): Promise<void>;
  meeting(clubId: string, o: { startsAt: Date; status?: string; checkInEnabled?: boolean }): Promise<string>;
  rsvp(meetingId: string, personId: string, answer: "yes" | "no" | "maybe"): Promise<void>;
}

export function clubFixtures(prisma: PrismaClient, sealer: Sealer): ClubFixtures {
  return {
    async club(o) {
      const club = await prisma.club.create({
        data: {
          name: o.name ?? `CLB ${randomUUID().slice(0, 6)}`,
          kind: "family_club",
          provinceCode: o.provinceCode,
          wardCode: o.wardCode ?? null,
          joinCode: randomUUID().replace(/-/g, "").slice(0, 8).toUpperCase(),
          active: o.active ?? true,
        },
      });
      for (const staffId of o.leaderIds ?? []) await prisma.clubLeader.create({ data: { clubId: club.id, staffId } });
      return club.id;
    },
    async member(clubId, personId, o = {}) {
      await prisma.clubMember.create({
        data: {
          clubId,
          personId,
          displayNameEnc: sealer.seal(o.displayName ?? "Thành viên"),
          consentAt: new Date(),
          followUp: o.followUp ?? false,
          leftAt: o.leftAt ?? null,
        },
      });
    },
    async meeting(clubId, o) {
      const m = await prisma.meeting.create({
        data: { clubId, startsAt: o.startsAt, place: "Nhà văn hóa", status: o.status ?? "scheduled", checkInEnabled: o.checkInEnabled ?? false },
      });
      return m.id;
    },
    async rsvp(meetingId, personId, answer) {
      await prisma.meetingRsvp.create({ data: { meetingId, personId, answer } });
    },
  };
}
