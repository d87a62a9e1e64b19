// Attendance in Chromium on a phone-sized screen: a club leader records who came to a meeting (present,
// absent with a reason, walk-ins) and sees the record; a supervisor opens "Clubs not met" from the menu and
// finds a club with no meeting this quarter, labelled in words. Screenshots go to test/artifacts/.
import fs from "node:fs";
import path from "node:path";
import { randomUUID } from "node:crypto";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { StaffRole } from "../../src/core/ports.ts";
import { ARTIFACTS, hasChromium, launchBrowser } from "../helpers/browser.ts";
import { clubFixtures, sealerOf } from "../helpers/club-fixtures.ts";
import { startTestApp, type TestApp } from "../helpers/start-app.ts";
import { testPasswordHash } from "../helpers/test-password-hash.ts";
import { WAIT_CEILING_MS } from "../helpers/wait.ts";

const PHONE = { width: 360, height: 740 };
const PASSWORD = "một câu mật khẩu dài dễ nhớ";
let app: TestApp;
let browser: Browser;

async function staff(role: StaffRole, provinceCodes: number[]): Promise<string> {
  const email = `${role}-${randomUUID().slice(0, 8)}@example.org`;
  await app.stores.staff.createStaff({ email, displayName: role, role, passwordHash: await testPasswordHash(PASSWORD), provinceCodes });
  return email;
}

async function signIn(email: string): Promise<Page> {
  const page = await (await browser.newContext({ viewport: PHONE, locale: "vi-VN" })).newPage();
  page.setDefaultTimeout(WAIT_CEILING_MS);
  await page.goto(`${app.url}/console/login`);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Mật khẩu").fill(PASSWORD);
  await page.getByRole("button", { name: "Đăng nhập" }).click();
  await page.waitForURL(/\/console(\/clubs)?$/); // club leaders land on their clubs
  return page;
}

describe.runIf(hasChromium)("attendance in Chromium", () => {
  beforeAll(async () => {
    app = await startTestApp();
    browser = await launchBrowser();
    fs.mkdirSync(ARTIFACTS, { recursive: true });
  });
  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  it("a leader records a meeting; a supervisor sees a club that has not met this quarter", async () => {
    const f = clubFixtures(app.db.prisma, sealerOf(app.env));
    const leaderEmail = await staff("club_leader", []);
    const leader = await app.stores.staff.findStaffByEmail(leaderEmail);
    const club = await f.club({ provinceCode: 1, wardCode: 4, name: "CLB Gia Đình Ba Đình", leaderIds: [leader!.id] });
    const people = [];
    for (const name of ["Bình", "An"]) {
      const { person } = await app.stores.people.findOrCreatePerson({ channel: "webchat", externalId: `e2e-${randomUUID()}`, locale: "vi" });
      await f.member(club, person.id, { displayName: name });
      people.push(person.id);
    }
    const meeting = await f.meeting(club, { startsAt: new Date(Date.now() - 2 * 3_600_000) });
    await f.rsvp(meeting, people[0]!, "yes");
    await f.club({ provinceCode: 1, name: "CLB Chưa Họp Hoàn Kiếm" });

    const page = await signIn(leaderEmail);
    await page.goto(`${app.url}/console/clubs/${club}/meetings/${meeting}/attendance`);
    await page.getByLabel("Bình: Có mặt").check();
    await page.getByLabel("An: Vắng").check();
    await page.getByLabel("An: Lý do vắng").selectOption({ label: "Bận việc" });
    await page.getByLabel("Người đến không phải thành viên").fill("2");
    await page.getByRole("button", { name: "Lưu điểm danh" }).click();
    await page.getByText("Đã ghi: 1 thành viên có mặt, 2 người khác, tổng 3.").waitFor();
    expect(await page.getByTestId("attendance-status").innerText()).toContain("Đã họp");
    await page.screenshot({ path: path.join(ARTIFACTS, "attendance.png"), fullPage: true });

    const sup = await signIn(await staff("supervisor", [1]));
    await sup.getByRole("link", { name: "CLB chưa họp" }).click();
    const card = sup.getByTestId("quiet-club").filter({ hasText: "CLB Chưa Họp Hoàn Kiếm" });
    await card.waitFor();
    expect(await card.innerText()).toContain("Chưa họp quý này");
    expect(await card.innerText()).toContain("chưa từng họp");
    expect(await sup.getByTestId("quiet-club").filter({ hasText: "CLB Gia Đình Ba Đình" }).count()).toBe(0);
    await sup.screenshot({ path: path.join(ARTIFACTS, "quiet-clubs.png"), fullPage: true });
  });
});
