// A club meeting in Chromium, on phone-sized screens: a member joins in the web chat by typing the code,
// another by the Telegram deep link (fake Bot API); the leader creates a meeting in the console; the
// members answer "I'll come" (a tap in the web chat) and "Can't come" (a Telegram button); the leader's
// open meeting page shows the counts change by itself; the fake clock moves to the day before and the
// reminder job reminds only the member who did not decline. Screenshots go to test/artifacts/.
import fs from "node:fs";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { toLocalFields } from "../../src/core/clubs/meeting-time.ts";
import { MEETING_REMINDERS } from "../../src/jobs/definitions/meeting-reminders.ts";
import type { TestClock } from "../console/harness.ts";
import { startFakeTelegram, type FakeTelegramBotApi } from "../fakes/telegram-bot-api.ts";
import { TelegramTestUser } from "../fakes/telegram-test-user.ts";
import { ARTIFACTS, hasChromium, launchBrowser } from "../helpers/browser.ts";
import { advanceToLocalHour, clockAtLocalHour } from "../helpers/referral-directory.ts";
import { startTestApp, type TestApp } from "../helpers/start-app.ts";
import { testPasswordHash } from "../helpers/test-password-hash.ts";
import { WAIT_CEILING_MS, waitUntil } from "../helpers/wait.ts";

const PHONE = { width: 360, height: 740 };
const PASSWORD = "một câu mật khẩu dài dễ nhớ";
const DAY = 86_400_000;
let app: TestApp;
let fake: FakeTelegramBotApi;
let clock: TestClock;
let browser: Browser;

async function page(): Promise<Page> {
  const p = await (await browser.newContext({ viewport: PHONE, locale: "vi-VN" })).newPage();
  p.setDefaultTimeout(WAIT_CEILING_MS);
  return p;
}

const tap = (p: Page, name: string | RegExp) =>
  p
    .getByRole("button", { name, exact: typeof name === "string" })
    .last()
    .click();

async function type(p: Page, text: string): Promise<void> {
  const box = p.getByRole("textbox").last();
  await box.fill(text);
  await box.press("Enter");
}

describe.runIf(hasChromium)("a club meeting in Chromium", () => {
  beforeAll(async () => {
    clock = clockAtLocalHour(10);
    fake = await startFakeTelegram();
    app = await startTestApp({ clock, env: { WEBCHAT_IDLE_HOURS: "720", TELEGRAM_BOT_TOKEN: fake.token, TELEGRAM_API_ROOT: fake.apiRoot } });
    await fake.waitForCall("getUpdates");
    browser = await launchBrowser();
    fs.mkdirSync(ARTIFACTS, { recursive: true });
  });
  afterAll(async () => {
    await browser?.close();
    await app?.stop();
    await fake?.close();
  });

  it("leader creates a meeting; web chat and Telegram members answer; counts update live; the reminder skips the one who declined", async () => {
    const club = await app.stores.clubs.createClub({ name: "CLB Gia đình Hoa Sen", kind: "family_club", provinceCode: 1, wardCode: null, joinCode: "HS24KQ" });
    const leader = await app.stores.staff.createStaff({
      email: "leader@example.org",
      displayName: "Chị Lan",
      role: "club_leader",
      passwordHash: await testPasswordHash(PASSWORD),
      provinceCodes: [],
    });
    await app.stores.clubs.setLeaders(club.id, [leader.id]);

    // A member joins in the web chat by typing the code (lower case, with a space).
    const member = await page();
    await member.goto(`${app.url}/`);
    await tap(member, "Tiếng Việt");
    await tap(member, "Câu lạc bộ của tôi");
    await tap(member, "Tham gia câu lạc bộ");
    await type(member, "hs24 kq");
    await tap(member, "Đồng ý, tham gia");
    await type(member, "Bác Tư");
    await member.getByText("Chào mừng Bác Tư").waitFor();

    // Another joins by the Telegram deep link.
    const tg = new TelegramTestUser(fake, 950_001, () => app.engine.drain(), { language_code: "vi" });
    await tg.say("/start club_HS24KQ");
    await tg.tap("agree");
    await tg.say("Chị Năm");

    // The leader signs in (straight to the clubs) and creates a meeting three days ahead.
    const console = await page();
    await console.goto(`${app.url}/console/login`);
    await console.getByLabel("Email").fill("leader@example.org");
    await console.getByLabel("Mật khẩu").fill(PASSWORD);
    await console.getByRole("button", { name: "Đăng nhập" }).click();
    await console.waitForURL(`${app.url}/console/clubs`);
    await console.getByRole("link", { name: "CLB Gia đình Hoa Sen" }).click();
    const when = toLocalFields(new Date(clock.now().getTime() + 3 * DAY));
    await console.getByLabel("Ngày", { exact: true }).fill(when.date);
    await console.getByLabel("Giờ (giờ Việt Nam)").fill("18:30");
    await console.getByLabel("Địa điểm").fill("Nhà văn hóa thôn 3");
    await console.getByLabel("Nội dung (tiếng Việt)").fill("Kỹ năng nói chuyện với con về ma túy");
    await console.getByRole("button", { name: "Tạo buổi sinh hoạt và gửi thông báo" }).click();
    await console.getByText("Chưa ai trả lời.").waitFor();

    // Both get the notice; the web chat member taps "I'll come", the Telegram member "Can't come".
    await member.getByText(/buổi sinh hoạt lúc 18:30/).waitFor();
    await member.screenshot({ path: path.join(ARTIFACTS, "clubs-webchat-notice-360.png") });
    await tap(member, "Tôi sẽ đến");
    await member.getByText(/Đã ghi nhận: bạn sẽ đến|bạn sẽ đến buổi sinh hoạt/).waitFor();
    const notice = await waitUntil(() => tg.replies().find((r) => r.text.includes("Nhà văn hóa thôn 3")), { what: "the Telegram notice" });
    const decline = notice.options.find((o) => o.startsWith("m.n."))!;
    await tg.act(() => fake.injectCallback(tg.chatId, `c:0:${decline}`, tg.from));

    // The leader's open page shows the counts without a reload.
    await console.getByTestId("rsvp-yes").getByText("1").waitFor();
    await console.getByTestId("rsvp-no").getByText("1").waitFor();
    expect(await console.locator("#rsvps").innerText()).toContain("Bác Tư");
    await console.screenshot({ path: path.join(ARTIFACTS, "clubs-console-meeting-360.png"), fullPage: true });

    // The day before (19:00, 23.5 hours ahead): the reminder goes to the web chat member only.
    advanceToLocalHour(clock, 2, 19);
    const job = await app.jobs.send(MEETING_REMINDERS, { limit: 100 });
    await waitUntil(
      async () => {
        const rows = await app.db.prisma.$queryRawUnsafe<Array<{ state: string }>>(`SELECT state FROM pgboss.job WHERE id = $1::uuid`, job);
        return rows[0]?.state === "completed";
      },
      { what: "the reminder job", intervalMs: 100 },
    );
    await member.getByText(/Nhắc lịch CLB Gia đình Hoa Sen/).waitFor();
    await app.engine.drain();
    expect(tg.replies().filter((r) => r.text.includes("Nhắc lịch"))).toEqual([]);
  });
});
