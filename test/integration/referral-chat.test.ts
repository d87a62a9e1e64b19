// "Find support" in the web chat: need + commune typed without diacritics → up to 3 services nearest
// first, "I want to go" → an accepted referral; follow-ups asked by the pg-boss job on a fake clock
// (not yet → asked again; did not work out → why, back to a counsellor; no answer → expired; never at
// night); matches offered after an intake; confidential addresses hidden; erasure removes referrals.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { REFERRAL_FOLLOW_UPS } from "../../src/jobs/definitions/referral-follow-ups.ts";
import type { TestClock } from "../console/harness.ts";
import { advanceToLocalHour, clockAtLocalHour, loadSampleDirectory } from "../helpers/referral-directory.ts";
import { startTestApp, type TestApp } from "../helpers/start-app.ts";
import { waitUntil } from "../helpers/wait.ts";
import { WebChatClient } from "../helpers/webchat-client.ts";

let app: TestApp;
let clock: TestClock;

beforeAll(async () => {
  clock = clockAtLocalHour(10);
  // The clock moves days ahead: the web chat must still remember the device (it forgets after 24 h idle by default).
  app = await startTestApp({ clock, env: { WEBCHAT_IDLE_HOURS: "720" } });
  await loadSampleDirectory(app.stores);
});
afterAll(async () => {
  await app?.stop();
});

async function person(): Promise<{ c: WebChatClient; personId: string }> {
  const c = new WebChatClient(app.url);
  await c.open();
  await c.start();
  await c.tap("vi");
  return { c, personId: (await app.stores.people.findPerson("webchat", c.sessionId))!.id };
}

/** Runs the follow-up job now (as its schedule would) and waits until it finished. */
async function runFollowUps(): Promise<void> {
  const id = await app.jobs.send(REFERRAL_FOLLOW_UPS, { limit: 100 });
  await waitUntil(
    async () => {
      const rows = await app.db.prisma.$queryRawUnsafe<Array<{ state: string }>>(`SELECT state FROM pgboss.job WHERE id = $1::uuid`, id);
      return rows[0]?.state === "completed";
    },
    { what: "the follow-up job", intervalMs: 100 },
  );
}

async function searchSelfHelpNearVinhPhu(c: WebChatClient): Promise<string[]> {
  expect((await c.repliesTo(() => c.say("tim ho tro"))).at(-1)).toMatch(/loại hỗ trợ/);
  await c.tap("self_help");
  const pick = await c.repliesTo(() => c.say("vinh phu"));
  expect(pick.at(-1)).toMatch(/nơi nào/);
  const nghean = (await c.lastMenu()).options.find((o) => o.label.includes("Nghệ An"))!;
  return c.repliesTo(() => c.tap(nghean.id));
}

describe("find support", () => {
  it("finds services near a commune typed without diacritics, nearest first, and 'I want to go' makes a referral", async () => {
    const { c, personId } = await person();
    const results = await searchSelfHelpNearVinhPhu(c);
    const cards = results.find((t) => t.startsWith("Đây là"))!;
    expect(cards.indexOf("Nhóm tự lực cha mẹ")).toBeGreaterThan(0);
    expect(cards.indexOf("Nhóm tự lực cha mẹ")).toBeLessThan(cards.indexOf("Câu lạc bộ gia đình phòng chống"));
    expect(cards).not.toContain("Hà Nội");
    const chosen = await c.repliesTo(() => c.tap("go0"));
    expect(chosen[0]).toMatch(/Sau 7 ngày/);
    const [referral] = await app.stores.referrals.listForPerson(personId);
    expect(referral).toMatchObject({ status: "accepted", origin: "chat", provinceCode: 40, followUpAttempts: 0 });
    expect(referral!.service.code).toBe("SAMPLE-NA-01");
  });

  it("hides a shelter's address until a counsellor shares it", async () => {
    const { c } = await person();
    await c.say("/hotro");
    await c.tap("shelter");
    const results = await c.repliesTo(() => c.say("nghe an"));
    const cards = results.join("\n");
    expect(cards).toContain("Nhà tạm lánh cho phụ nữ");
    expect(cards).toContain("tư vấn viên sẽ chia sẻ riêng");
    expect(cards).not.toContain("Địa chỉ bảo mật (dữ liệu mẫu)");
  });

  it("offers matching services itself after an intake in that area", async () => {
    const { c } = await person();
    await c.tap("intake");
    await c.tap("child");
    await c.tap("relapse");
    await c.tap("week");
    await c.say("nghe an");
    await c.say("Vinh Phu");
    await c.say("Con tôi tái nghiện");
    const done = await c.repliesTo(() => c.tap("send"));
    expect(done.join("\n")).toMatch(/#[A-Z2-9]{4}/);
    expect(done.join("\n")).toContain("Trong lúc chờ tư vấn viên");
    expect((await c.lastMenu()).options.map((o) => o.id)).toContain("go0");
  });
});

describe("follow-ups", () => {
  it("asks after 7 days; 'not yet' asks again later; 'did not work out' asks why and opens a case for a counsellor", async () => {
    const { c, personId } = await person();
    await searchSelfHelpNearVinhPhu(c);
    await c.tap("go0");
    await runFollowUps();
    expect((await app.stores.referrals.listForPerson(personId))[0]!.followUpAttempts).toBe(0);

    advanceToLocalHour(clock, 8, 10);
    const before = await c.lastSeq();
    await runFollowUps();
    const ask = await waitUntil(async () => (await c.botMessages(before)).find((m) => m.kind === "options"), { what: "the follow-up question" });
    expect(ask.text).toMatch(/Bạn đã liên hệ được chưa/);
    expect(await c.repliesTo(() => c.say("chua"))).toContain("Không sao. Vài ngày nữa mình sẽ hỏi lại một lần.");

    advanceToLocalHour(clock, 4, 9);
    const before2 = await c.lastSeq();
    await runFollowUps();
    await waitUntil(async () => (await c.botMessages(before2)).find((m) => m.kind === "options"), { what: "the second question" });
    expect((await c.repliesTo(() => c.say("3"))).at(-1)).toMatch(/Chuyện gì đã xảy ra/);
    expect(await c.repliesTo(() => c.tap("no_capacity"))).toContain("Cảm ơn bạn. Tư vấn viên sẽ cùng bạn xem lại: bạn có thể nhắn ở đây bất cứ lúc nào.");
    const [r] = await app.stores.referrals.listForPerson(personId);
    expect(r!.status).toBe("no_capacity");
    expect(r!.events.map((e) => [e.status, e.actorKind, e.reason])).toEqual([
      ["accepted", "person", null],
      ["accepted", "person", "not_yet"],
      ["no_capacity", "person", "no_capacity"],
    ]);
    const kase = await app.stores.cases.findOpenCase(personId);
    expect(kase?.id).toBe(r!.caseId);
  });

  it("never asks in the quiet hours, expires a referral whose last question went unanswered, and erasure removes referrals", async () => {
    const { c, personId } = await person();
    await searchSelfHelpNearVinhPhu(c);
    await c.tap("go0");
    const [r] = await app.stores.referrals.listForPerson(personId);
    advanceToLocalHour(clock, 7, 22);
    const before = await c.lastSeq();
    await runFollowUps();
    const deferred = (await app.stores.referrals.getReferral(r!.id))!;
    expect(deferred.followUpAttempts).toBe(0);
    expect((deferred.nextFollowUpAt!.getUTCHours() + 7) % 24).toBe(7);
    expect(await c.botMessages(before)).toEqual([]);

    for (const days of [1, 4, 4]) {
      advanceToLocalHour(clock, days, 8);
      await runFollowUps();
    }
    const expired = (await app.stores.referrals.getReferral(r!.id))!;
    expect([expired.status, expired.followUpAttempts, expired.events.at(-1)?.actorKind]).toEqual(["expired", 2, "system"]);

    await c.say("/xoa");
    await c.tap((await c.lastMenu()).options[0]!.id);
    expect(await app.db.prisma.referral.count({ where: { personId } })).toBe(0);
  });
});
