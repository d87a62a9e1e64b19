// The attendance jobs as the app runs them (pg-boss, the app's own wiring in src/app.ts): payloads are
// validated; "club-check-ins" asks a member through the web chat; "club-missed-meetings" asks a follow-up
// member after two misses; "quiet-clubs-digest" is a no-op without a staff messenger (no Telegram token).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CLUB_CHECK_INS } from "../../src/jobs/definitions/club-check-ins.ts";
import { CLUB_MISSED_MEETINGS } from "../../src/jobs/definitions/club-missed-meetings.ts";
import { QUIET_CLUBS_DIGEST } from "../../src/jobs/definitions/quiet-clubs-digest.ts";
import type { TestClock } from "../console/harness.ts";
import { clubFixtures, sealerOf, type ClubFixtures } from "../helpers/club-fixtures.ts";
import { clockAtLocalHour } from "../helpers/referral-directory.ts";
import { startTestApp, type TestApp } from "../helpers/start-app.ts";
import { waitUntil } from "../helpers/wait.ts";
import { WebChatClient } from "../helpers/webchat-client.ts";

let app: TestApp;
let clock: TestClock;
let f: ClubFixtures;
const HOUR = 3_600_000;

beforeAll(async () => {
  clock = clockAtLocalHour(10);
  app = await startTestApp({ clock, env: { WEBCHAT_IDLE_HOURS: "720" } });
  f = clubFixtures(app.db.prisma, sealerOf(app.env));
});
afterAll(async () => {
  await app?.stop();
});

/** Queues a job now (as its schedule would) and waits until it finished; its output. */
async function run(name: string, payload: unknown): Promise<unknown> {
  const id = await app.jobs.send(name, payload);
  return waitUntil(
    async () => {
      const rows = await app.db.prisma.$queryRawUnsafe<Array<{ state: string; output: unknown }>>(
        `SELECT state, output FROM pgboss.job WHERE id = $1::uuid`,
        id,
      );
      return rows[0]?.state === "completed" ? (rows[0].output ?? {}) : null;
    },
    { what: name, intervalMs: 100 },
  );
}

async function member(clubId: string, followUp = false): Promise<{ c: WebChatClient; personId: string }> {
  const c = new WebChatClient(app.url);
  await c.open();
  await c.start();
  await c.tap("vi");
  const personId = (await app.stores.people.findPerson("webchat", c.sessionId))!.id;
  await f.member(clubId, personId, { followUp });
  return { c, personId };
}

describe("attendance jobs", () => {
  it("refuses bad payloads before they are queued", async () => {
    await expect(app.jobs.send(CLUB_CHECK_INS, { limit: "all" })).rejects.toThrow();
    await expect(app.jobs.send(CLUB_MISSED_MEETINGS, {})).rejects.toThrow();
    await expect(app.jobs.send(QUIET_CLUBS_DIGEST, { extra: 1 })).rejects.toThrow();
  });

  it("asks 'Did you come today?' and the two-misses check-in through the web chat; the digest waits for Telegram", async () => {
    const club = await f.club({ provinceCode: 1, name: "CLB Hướng Dương" });
    const coming = await member(club);
    const meeting = await f.meeting(club, { startsAt: new Date(clock.now().getTime() - 90 * 60_000), checkInEnabled: true });
    await f.rsvp(meeting, coming.personId, "yes");
    await run(CLUB_CHECK_INS, { limit: 50 });
    expect(await app.db.prisma.meetingNotice.count({ where: { meetingId: meeting, kind: "check_in" } })).toBe(1);
    expect((await coming.c.lastMenu()).text).toBe("Hôm nay bạn có đến buổi sinh hoạt của CLB Hướng Dương không?");

    const follow = await member(club, true);
    for (const weeks of [3, 2]) {
      const m = await f.meeting(club, { startsAt: new Date(clock.now().getTime() - weeks * 7 * 24 * HOUR) });
      await app.stores.attendance.saveHeld({
        meetingId: m,
        walkIns: 0,
        participantsTotal: 0,
        now: clock.now(),
        lines: [{ personId: follow.personId, present: false, reason: null }],
      });
    }
    await run(CLUB_MISSED_MEETINGS, { limit: 50 });
    expect((await follow.c.lastMenu()).options.map((o) => o.id)).toEqual(["okay", "talk"]);
    expect(await follow.c.repliesTo(() => follow.c.tap("okay"))).toContain("Cảm ơn bạn đã trả lời. Câu lạc bộ luôn chào đón bạn quay lại.");
    expect(await app.stores.cases.findOpenCase(follow.personId)).toBeNull();
    await run(QUIET_CLUBS_DIGEST, {});
    expect(await app.db.prisma.clubDigest.count()).toBe(0);
  });
});
