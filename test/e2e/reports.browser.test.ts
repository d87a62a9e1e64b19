// Reports in Chromium on a phone-sized screen: a supervisor opens the quarterly report from the menu
// (no sideways scrolling, charts drawn), downloads the CSV, and opens the printable periodic report.
// Screenshots go to test/artifacts/ (docs/screenshots/reports-print.png in the README comes from here).
import fs from "node:fs";
import path from "node:path";
import { randomUUID } from "node:crypto";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { NewFact } from "../../src/core/reports/ports.ts";
import { ARTIFACTS, hasChromium, startBrowserApp, stopBrowserApp } from "../helpers/browser.ts";
import { startTestApp, type TestApp } from "../helpers/start-app.ts";
import { testPasswordHash } from "../helpers/test-password-hash.ts";
import { WAIT_CEILING_MS } from "../helpers/wait.ts";

const PHONE = { width: 360, height: 740 };
const PASSWORD = "một câu mật khẩu dài dễ nhớ";
const CAO_BANG = 4;
let app: TestApp;
let browser: Browser;

async function seed(): Promise<void> {
  const at = (day: number) => new Date(Date.UTC(2026, 7, day, 3));
  const f = (kind: NewFact["kind"], value: number, dims: NewFact["dims"], day: number): NewFact => ({ kind, at: at(day), provinceCode: CAO_BANG, dims, value });
  const concerns = ["drug_use", "drug_use", "relapse", "sex_work", "hiv", "drug_use", "violence"];
  await app.stores.facts.record([
    ...concerns.map((concern, i) => f("case.opened", 1, { priority: i === 0 ? 0 : 2, concern, channel: "webchat" }, i + 1)),
    ...[240, 600, 1500, 3600, 90].map((s, i) => f("case.first_reply", s, { priority: i === 4 ? 0 : 2, concern: "drug_use" }, i + 1)),
    f("case.crisis_claimed", 95, {}, 1),
    ...["answered", "referred", "referred"].map((outcome, i) => f("case.closed", 1, { concern: "drug_use", outcome }, i + 3)),
    ...(["offered", "offered", "accepted", "attended", "could_not_contact"] as const).map((status, i) =>
      f(
        "referral.status",
        1,
        { kind: i < 2 ? "methadone" : "job_introduction", status, origin: "chat", reason: status === "could_not_contact" ? "no_answer" : null },
        i + 2,
      ),
    ),
    f("meeting.held", 1, { club: "c1", clubKind: "family_club" }, 10),
    f("meeting.participants", 14, { club: "c1", clubKind: "family_club" }, 10),
    ...[1, 2, 3].map((d) => f("broadcast.delivered", 1, { audience: "area_subscribers", lane: "bulk" }, d)),
    f("followup.answered", 1, { about: "referral" }, 12),
  ]);
}

describe.runIf(hasChromium)("reports in Chromium", () => {
  beforeAll(async () => {
    ({ app, browser } = await startBrowserApp(() => startTestApp()));
    await seed();
  });
  afterAll(() => stopBrowserApp(app, browser));

  it("opens the quarterly report at 360 px, downloads the CSV and shows the printable report", async () => {
    const email = `sup-${randomUUID().slice(0, 8)}@example.org`;
    await app.stores.staff.createStaff({
      email,
      displayName: "Chị Lan",
      role: "supervisor",
      passwordHash: await testPasswordHash(PASSWORD),
      provinceCodes: [CAO_BANG],
    });
    const context = await browser.newContext({ viewport: PHONE, locale: "vi-VN", acceptDownloads: true });
    const page = await context.newPage();
    page.setDefaultTimeout(WAIT_CEILING_MS);
    await page.goto(`${app.url}/console/login`);
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Mật khẩu").fill(PASSWORD);
    await page.getByRole("button", { name: "Đăng nhập" }).click();
    await page.waitForURL(/\/console$/);

    await page.getByRole("link", { name: "Báo cáo", exact: true }).click();
    await page.getByLabel("Kỳ báo cáo").selectOption("quarter");
    await page.getByLabel("Năm", { exact: true }).fill("2026");
    await page.getByLabel("Quý").selectOption("3");
    await page.getByRole("button", { name: "Xem báo cáo" }).click();
    await page.waitForURL(/quarter=3/);

    await expect.poll(() => page.getByRole("heading", { name: "Yêu cầu tư vấn" }).count()).toBe(1);
    expect(await page.locator("svg[role=img]").count()).toBeGreaterThanOrEqual(6);
    const widths = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, view: window.innerWidth }));
    expect(widths.scroll).toBeLessThanOrEqual(widths.view);
    const chartBox = await page.locator("svg[role=img]").first().boundingBox();
    expect(chartBox!.width).toBeLessThanOrEqual(PHONE.width);
    await page.screenshot({ path: path.join(ARTIFACTS, "reports-quarter-360.png"), fullPage: true });

    const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Tải CSV" }).click()]);
    expect(download.suggestedFilename()).toBe("bao-cao-general-04-2026Q3.csv");
    const csv = fs.readFileSync(await download.path());
    expect([...csv.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = csv.toString("utf8").slice(1).split("\r\n");
    expect(lines[0]).toBe("code,label,value,period,area");
    expect(lines).toContain("REQUESTS_RECEIVED,Yêu cầu nhận được,7,2026Q3,04");
    expect(lines).toContain("CASES_BY_CONCERN.drug_use,Ca mới theo vấn đề: Sử dụng ma túy,3,2026Q3,04");
    expect(lines).toContain("CRISIS_CASES,Ca khẩn cấp mới,1,2026Q3,04");

    const print = await context.newPage();
    await print.setViewportSize({ width: 820, height: 1160 });
    await print.goto(`${app.url}/console/reports/print?template=general&province=${CAO_BANG}&kind=quarter&year=2026&quarter=3`);
    await expect.poll(() => print.getByRole("heading", { name: /BÁO CÁO ĐỊNH KỲ QUÝ 3\/2026/ }).count()).toBe(1);
    await print.emulateMedia({ media: "print" });
    await print.screenshot({ path: path.join(ARTIFACTS, "reports-print.png") }); // the first A4 page
    await context.close();
  });
});
