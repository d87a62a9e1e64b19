// A newcomer's referral path in Chromium, on phone-sized screens: an admin imports the sample directory
// CSV in the console; a person in the web chat asks for support near a commune typed without
// diacritics and chooses a service; the fake clock moves 8 days and the follow-up job asks how it went;
// the person answers that it did not work out (no place), which puts a case in front of a counsellor;
// the case page shows the referral's history. Screenshots go to test/artifacts/.
import path from "node:path";
import fs from "node:fs";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { REFERRAL_FOLLOW_UPS } from "../../src/jobs/definitions/referral-follow-ups.ts";
import type { TestClock } from "../console/harness.ts";
import { ARTIFACTS, hasChromium, launchBrowser } from "../helpers/browser.ts";
import { advanceToLocalHour, clockAtLocalHour, SAMPLE_CSV } from "../helpers/referral-directory.ts";
import { startTestApp, type TestApp } from "../helpers/start-app.ts";
import { testPasswordHash } from "../helpers/test-password-hash.ts";
import { WAIT_CEILING_MS } from "../helpers/wait.ts";

const PHONE = { width: 360, height: 740 };
const PASSWORD = "một câu mật khẩu dài dễ nhớ";
let app: TestApp;
let clock: TestClock;
let browser: Browser;

async function page(): Promise<Page> {
  const p = await (await browser.newContext({ viewport: PHONE, locale: "vi-VN" })).newPage();
  p.setDefaultTimeout(WAIT_CEILING_MS);
  return p;
}

async function signIn(p: Page): Promise<void> {
  await p.goto(`${app.url}/console/login`);
  await p.getByLabel("Email").fill("admin@example.org");
  await p.getByLabel("Mật khẩu").fill(PASSWORD);
  await p.getByRole("button", { name: "Đăng nhập" }).click();
  await p.waitForURL(`${app.url}/console`);
}

const tap = (p: Page, name: string | RegExp) =>
  p
    .getByRole("button", { name, exact: typeof name === "string" })
    .last()
    .click();

describe.runIf(hasChromium)("referral path in Chromium", () => {
  beforeAll(async () => {
    clock = clockAtLocalHour(10);
    // The clock moves days ahead: the web chat must still remember the device (it forgets after 24 h idle by default).
    app = await startTestApp({ clock, env: { WEBCHAT_IDLE_HOURS: "720" } });
    browser = await launchBrowser();
    fs.mkdirSync(ARTIFACTS, { recursive: true });
  });
  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  it("imports the sample directory, finds support near 'vinh phu', follows up 8 days later, and shows the history on the case page", async () => {
    // An admin imports the sample directory.
    await app.stores.staff.createStaff({
      email: "admin@example.org",
      displayName: "Quản trị",
      role: "admin",
      passwordHash: await testPasswordHash(PASSWORD),
      provinceCodes: [],
    });
    const admin = await page();
    await signIn(admin);
    await admin.getByRole("link", { name: "Danh bạ dịch vụ" }).click();
    await admin.getByRole("link", { name: "Nhập CSV" }).click();
    await admin.getByLabel("Tệp CSV").setInputFiles(SAMPLE_CSV.pathname);
    await admin.getByRole("button", { name: "Nhập", exact: true }).click();
    expect(await admin.locator("#import-done").innerText()).toContain("9 mới");
    await admin.goto(`${app.url}/console/directory`);
    await admin.screenshot({ path: path.join(ARTIFACTS, "console-directory-360.png"), fullPage: true });

    // A person asks for support near a commune typed without diacritics and chooses a service.
    const person = await page();
    await person.goto(`${app.url}/`);
    await tap(person, "Tiếng Việt");
    await tap(person, "Tìm nơi hỗ trợ gần bạn");
    await tap(person, "Nhóm tự lực hoặc câu lạc bộ gia đình");
    await person.getByText("Gõ tên xã/phường hoặc tỉnh").last().waitFor();
    await person.getByLabel("Tin nhắn của bạn").fill("vinh phu");
    await person.keyboard.press("Enter");
    await tap(person, "Phường Vinh Phú, Nghệ An");
    await person.locator(".msg", { hasText: "gần nhất trước" }).waitFor();
    await person.screenshot({ path: path.join(ARTIFACTS, "webchat-referral-360.png") });
    await tap(person, /^Tôi muốn đến: 1\./);
    await person.locator(".msg", { hasText: "Sau 7 ngày" }).waitFor();

    // Eight days later, at 10:00, the follow-up job asks; the answer is that there was no place.
    advanceToLocalHour(clock, 8, 10);
    await app.jobs.send(REFERRAL_FOLLOW_UPS, { limit: 100 });
    await person.locator(".msg", { hasText: "Bạn đã liên hệ được chưa" }).waitFor();
    await tap(person, "Không được");
    await tap(person, "Họ hết chỗ");
    await person.locator(".msg", { hasText: "Tư vấn viên sẽ cùng bạn xem lại" }).waitFor();

    // The case is in the queue (signing in again: the session ended while the clock moved 8 days); its page shows the referral's history.
    const referral = await app.db.prisma.referral.findFirstOrThrow({ include: { case: true } });
    const handle = referral.case!.handle;
    await signIn(admin);
    expect(await admin.locator("main").innerText()).toContain(`#${handle}`);
    await admin.goto(`${app.url}/console/cases/${handle}`);
    const panel = admin.locator("#referrals-panel");
    const text = await panel.innerText();
    expect(text).toContain("Nhóm tự lực cha mẹ");
    expect(text).toMatch(/Đã nhận lời · người dùng/);
    expect(text).toMatch(/Hết chỗ · người dùng \(hết chỗ\)/);
    await panel.scrollIntoViewIfNeeded();
    await admin.screenshot({ path: path.join(ARTIFACTS, "console-referrals-360.png") });
  });
});
