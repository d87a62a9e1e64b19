// The attendance alerts on a real app and database, answered in the web chat: "Did you come today?" (once,
// same day, outside quiet hours, a yes records a self check-in), the gentle check-in after two misses in a
// row (once per streak; "talk to someone" opens a case with the club's area only), the quiet-clubs query
// across a quarter edge (fake clock), and the weekly digest to supervisors (once per ISO week).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listQuietClubs, sendQuietClubsDigest } from "../../src/core/clubs/quiet-clubs.ts";
import { runDueCheckIns } from "../../src/core/clubs/run-check-ins.ts";
import { runMissedMeetingCheckIns } from "../../src/core/clubs/run-missed-meetings.ts";
import { loadAdminUnits } from "../../src/core/areas/admin-units.ts";
import type { SendStatus, StaffMessenger } from "../../src/core/ports.ts";
import { createTranslator } from "../../src/shared/i18n/index.ts";
import { silentLogger } from "../../src/shared/logging/logger.ts";
import { clubFixtures, sealerOf, type ClubFixtures } from "../helpers/club-fixtures.ts";
import { startTestApp, type TestApp } from "../helpers/start-app.ts";
import { WebChatClient } from "../helpers/webchat-client.ts";

let app: TestApp;
let f: ClubFixtures;
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
let now = new Date();
const clock = { now: () => now };

beforeAll(async () => {
  app = await startTestApp();
  f = clubFixtures(app.db.prisma, sealerOf(app.env));
});
afterAll(async () => {
  await app?.stop();
});

const deps = () => ({
  stores: app.stores,
  clock,
  logger: silentLogger(),
  startTurn: (i: { personId: string; flow: string; params?: Record<string, unknown> }) => app.engine.startTurn(i),
});

async function member(clubId: string, o: { followUp?: boolean } = {}): Promise<{ c: WebChatClient; personId: string }> {
  const c = new WebChatClient(app.url);
  await c.open();
  await c.start();
  await c.tap("vi");
  const personId = (await app.stores.people.findPerson("webchat", c.sessionId))!.id;
  await f.member(clubId, personId, o);
  return { c, personId };
}

const held = (meetingId: string, lines: Array<{ personId: string; present: boolean }>) =>
  app.stores.attendance.saveHeld({ meetingId, walkIns: 0, participantsTotal: lines.length, now, lines: lines.map((l) => ({ ...l, reason: null })) });

describe("member check-in", () => {
  it("asks those who said yes or maybe once, after the start, outside quiet hours; a yes records a self check-in", async () => {
    const club = await f.club({ provinceCode: 1, name: "CLB Sen Hồng" });
    const [yes, maybe, no] = [await member(club), await member(club), await member(club)];
    const meeting = await f.meeting(club, { startsAt: new Date("2026-12-02T01:30:00Z"), checkInEnabled: true }); // 08:30 in Vietnam
    await f.rsvp(meeting, yes.personId, "yes");
    await f.rsvp(meeting, maybe.personId, "maybe");
    await f.rsvp(meeting, no.personId, "no");

    now = new Date("2026-12-02T02:00:00Z"); // 09:00: only half an hour after the start
    expect(await runDueCheckIns(deps(), 100)).toEqual({ asked: 0, skipped: 0 });
    now = new Date("2026-12-02T15:00:00Z"); // 22:00: quiet hours
    expect(await runDueCheckIns(deps(), 100)).toEqual({ asked: 0, skipped: 0 });
    now = new Date("2026-12-02T03:00:00Z"); // 10:00
    expect(await runDueCheckIns(deps(), 1)).toEqual({ asked: 1, skipped: 0 }); // the limit counts questions asked
    expect(await runDueCheckIns(deps(), 1)).toEqual({ asked: 1, skipped: 0 });
    expect(await runDueCheckIns(deps(), 100)).toEqual({ asked: 0, skipped: 0 });
    const late = await member(club);
    await f.rsvp(meeting, late.personId, "yes");
    now = new Date("2026-12-03T03:00:00Z"); // 10:00 the next day: no longer the meeting's day
    expect(await runDueCheckIns(deps(), 100)).toEqual({ asked: 0, skipped: 0 });

    expect((await yes.c.lastMenu()).text).toBe("Hôm nay bạn có đến buổi sinh hoạt của CLB Sen Hồng không?");
    expect((await no.c.botMessages()).some((m) => m.text.includes("Hôm nay bạn có đến"))).toBe(false);
    expect(await yes.c.repliesTo(() => yes.c.tap("yes"))).toContain("Cảm ơn bạn! Đã ghi nhận bạn có mặt.");
    expect(await maybe.c.repliesTo(() => maybe.c.say("không"))).toContain("Cảm ơn bạn đã cho biết. Hẹn gặp bạn buổi sau nhé.");
    const rows = await app.db.prisma.meetingAttendance.findMany({ where: { meetingId: meeting } });
    expect(rows.map((r) => [r.personId, r.present, r.recordedBy])).toEqual([[yes.personId, true, "self_check_in"]]);
  });
});

describe("two missed meetings in a row", () => {
  it("sends one gentle check-in per streak to follow-up members; asking for help opens a case with the club's area", async () => {
    const club = await f.club({ provinceCode: 1, wardCode: 4, name: "CLB Bí Mật" });
    const follow = await member(club, { followUp: true });
    const plain = await member(club);
    now = new Date("2027-02-10T03:00:00Z");
    const meetings: string[] = [];
    for (let i = 6; i >= 1; i--) meetings.push(await f.meeting(club, { startsAt: new Date(now.getTime() - i * 7 * DAY), status: "scheduled" }));
    const both = (i: number, present: boolean) =>
      held(
        meetings[i]!,
        [follow, plain].map((p) => ({ personId: p.personId, present })),
      );

    await both(0, false);
    expect(await runMissedMeetingCheckIns(deps(), 100)).toEqual({ asked: 0, skipped: 0 });
    await both(1, false);
    now = new Date("2027-02-10T15:00:00Z"); // quiet hours
    expect(await runMissedMeetingCheckIns(deps(), 100)).toEqual({ asked: 0, skipped: 0 });
    now = new Date("2027-02-10T03:00:00Z");
    expect(await runMissedMeetingCheckIns(deps(), 100)).toEqual({ asked: 1, skipped: 0 });
    expect(await runMissedMeetingCheckIns(deps(), 100)).toEqual({ asked: 0, skipped: 0 });
    await both(2, false); // a third miss is the same streak
    expect(await runMissedMeetingCheckIns(deps(), 100)).toEqual({ asked: 0, skipped: 0 });
    expect((await plain.c.botMessages()).some((m) => m.text.includes("chưa gặp bạn"))).toBe(false);

    const menu = await follow.c.lastMenu();
    expect(menu.text).toBe("Chào bạn, mấy buổi sinh hoạt gần đây câu lạc bộ chưa gặp bạn. Bạn có ổn không?");
    expect(menu.options.map((o) => o.label)).toEqual(["Tôi ổn", "Tôi muốn nói chuyện với ai đó"]);
    const replies = await follow.c.repliesTo(() => follow.c.tap("talk"));
    const kase = await app.stores.cases.findOpenCase(follow.personId);
    expect(kase).toMatchObject({ concern: "club_check_in", provinceCode: 1, wardCode: 4, priority: 2 });
    expect(replies.join("\n")).toContain(`Mã của bạn: ${kase!.handle}`);
    expect(JSON.stringify(kase)).not.toContain("CLB Bí Mật");

    await both(3, true); // came once: a new streak may start
    await both(4, false);
    await both(5, false);
    expect(await runMissedMeetingCheckIns(deps(), 100)).toEqual({ asked: 1, skipped: 0 });
    // Asking again while the case is open adds to it (waiting again in the queue) rather than opening another.
    expect((await follow.c.repliesTo(() => follow.c.tap("talk"))).join("\n")).toContain(`Mã của bạn: ${kase!.handle}`);
    expect(await app.db.prisma.case.count({ where: { personId: follow.personId } })).toBe(1);
    expect((await app.db.prisma.case.findUniqueOrThrow({ where: { id: kase!.id } })).waitingSince).not.toBeNull();
  });
});

describe("clubs that have not met", () => {
  it("counts the quarter in Vietnam time (fake clock across the New Year edge)", async () => {
    const sup = await app.stores.staff.createStaff({
      email: "sup-q@example.org",
      displayName: "S",
      role: "supervisor",
      passwordHash: "x",
      provinceCodes: [12],
    });
    const club = await f.club({ provinceCode: 12, name: "CLB Giao Thừa" });
    await f.meeting(club, { startsAt: new Date("2026-12-31T16:30:00Z"), status: "held" }); // 23:30 on 31 December in Vietnam
    now = new Date("2026-12-31T16:50:00Z");
    expect((await listQuietClubs({ stores: app.stores, clock }, sup)).clubs.map((c) => c.name)).not.toContain("CLB Giao Thừa");
    now = new Date("2026-12-31T17:10:00Z"); // 00:10 on 1 January: a new quarter
    const q = await listQuietClubs({ stores: app.stores, clock }, sup);
    expect(q).toMatchObject({ quarter: 1, year: 2027 });
    expect(q.clubs.find((c) => c.name === "CLB Giao Thừa")?.lastHeldAt?.toISOString()).toBe("2026-12-31T16:30:00.000Z");
  });

  it("sends each Telegram-linked supervisor their provinces' list once per ISO week; a failed send is tried again", async () => {
    const sup = await app.stores.staff.createStaff({
      email: "sup-d@example.org",
      displayName: "D",
      role: "supervisor",
      passwordHash: "x",
      provinceCodes: [15],
    });
    const calm = await app.stores.staff.createStaff({
      email: "sup-c@example.org",
      displayName: "C",
      role: "supervisor",
      passwordHash: "x",
      provinceCodes: [11],
    });
    await app.stores.staff.linkTelegram(sup.id, "7001", new Date());
    await app.stores.staff.linkTelegram(calm.id, "7002", new Date());
    await f.club({ provinceCode: 15, name: "CLB Lào Cai Một" });
    const metClub = await f.club({ provinceCode: 11, name: "CLB Điện Biên" });
    await f.meeting(metClub, { startsAt: new Date("2027-03-02T03:00:00Z"), status: "held" });
    const sent: Array<{ chatId: string; text: string }> = [];
    let answer: SendStatus = "retryable";
    const messenger: StaffMessenger = {
      botUsername: () => "ketnoi_bot",
      send: async (chatId, text) => (sent.push({ chatId, text }), answer),
    };
    const digest = () =>
      sendQuietClubsDigest({ ...deps(), messenger, translator: createTranslator(), areas: loadAdminUnits(), origin: () => "https://ketnoi.example.vn" });

    now = new Date("2027-03-08T02:00:00Z"); // Monday 09:00 in Vietnam, week 2027-W10
    expect(await digest()).toEqual({ sent: 0, skipped: 0, failed: 1 });
    answer = "sent";
    expect(await digest()).toEqual({ sent: 1, skipped: 0, failed: 0 });
    expect(sent.map((s) => s.chatId)).toEqual(["7001", "7001"]);
    expect(sent[1]!.text).toContain("CLB Lào Cai Một");
    expect(sent[1]!.text).toContain("chưa từng họp");
    expect(sent[1]!.text).toContain("https://ketnoi.example.vn/console/quiet-clubs");
    expect(sent[1]!.text).not.toContain("CLB Điện Biên");
    now = new Date("2027-03-10T03:00:00Z"); // Wednesday, same week
    expect(await digest()).toEqual({ sent: 0, skipped: 1, failed: 0 });
    now = new Date("2027-03-15T15:30:00Z"); // next Monday, 22:30: quiet hours
    expect(await digest()).toEqual({ sent: 0, skipped: 0, failed: 0 });
    now = new Date("2027-03-16T02:00:00Z"); // the next week
    expect(await digest()).toEqual({ sent: 1, skipped: 0, failed: 0 });
    expect(sent).toHaveLength(3);
  });
});
