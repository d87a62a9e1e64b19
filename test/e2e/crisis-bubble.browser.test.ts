// The crisis reply in a real browser (Debian's Chromium) on a 360-pixel screen: set apart from other
// messages (role=alert), the numbers as tel: links large enough to tap, the first steps for the detected
// kind; and the language proposed from the browser and the first words (an English first message gets
// English even when the browser asks for Vietnamese). Screenshots go to test/artifacts/.
import fs from "node:fs";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ARTIFACTS, hasChromium, startBrowserApp, stopBrowserApp } from "../helpers/browser.ts";
import { startTestApp, type TestApp } from "../helpers/start-app.ts";
import { WAIT_CEILING_MS } from "../helpers/wait.ts";

let app: TestApp;
let browser: Browser;
const PHONE = { width: 360, height: 740 };

async function phone(locale: string): Promise<{ page: Page; errors: string[] }> {
  const page = await (await browser.newContext({ viewport: PHONE, locale })).newPage();
  page.setDefaultTimeout(WAIT_CEILING_MS);
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(e.message));
  await page.goto(`${app.url}/`);
  return { page, errors };
}

async function send(page: Page, text: string): Promise<void> {
  await page.locator("#text").fill(text);
  await page.keyboard.press("Enter");
}

/** Every tel: link is inside the screen and at least 44 px high (a thumb's target). */
async function expectTappable(page: Page, numbers: string[]): Promise<void> {
  for (const n of numbers) {
    const link = page.locator(`.msg.crisis a.call[href="tel:${n}"]`).last();
    await link.waitFor();
    await link.scrollIntoViewIfNeeded();
    const box = (await link.boundingBox())!;
    expect(box.height, n).toBeGreaterThanOrEqual(44);
    expect(box.x, n).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width, n).toBeLessThanOrEqual(PHONE.width);
  }
}

describe.runIf(hasChromium)("crisis reply in Chromium", () => {
  beforeAll(async () => ({ app, browser } = await startBrowserApp(() => startTestApp())));
  afterAll(() => stopBrowserApp(app, browser));

  it("shows a shorthand overdose message's crisis bubble with tappable numbers and first steps, at 360 px", async () => {
    const { page, errors } = await phone("vi-VN");
    await expect.poll(() => page.locator("html").getAttribute("lang")).toBe("vi");
    await page.getByRole("button", { name: "Tiếng Việt", exact: true }).waitFor();
    await send(page, "ban e uong ca vi thuoc ngu r, goi ko tinh");
    const bubble = page.locator(".msg.crisis");
    await bubble.waitFor();
    expect(await bubble.getAttribute("role")).toBe("alert");
    await expectTappable(page, ["115", "113"]);
    expect(await bubble.locator("li").count()).toBe(3);
    expect(await bubble.innerText()).toContain("nằm nghiêng");
    // Set apart: a different background from an ordinary bot message.
    const bg = (sel: string) =>
      page
        .locator(sel)
        .first()
        .evaluate((el) => getComputedStyle(el).backgroundColor);
    expect(await bg(".msg.crisis")).not.toBe(await bg(".msg:not(.crisis):not(.mine)"));
    await page.screenshot({ path: path.join(ARTIFACTS, "webchat-crisis-360.png"), fullPage: false });
    // The request handle follows, and a reload shows the same bubble again from the store.
    await page.locator(".msg", { hasText: "#" }).last().waitFor();
    await page.reload();
    await page.locator(".msg.crisis").waitFor();
    await expectTappable(page, ["115", "113"]);
    expect(errors).toEqual([]);
    await page.close();
  });

  it("answers an English first message in English, with the steps for violence", async () => {
    const { page, errors } = await phone("vi-VN");
    await page.getByRole("button", { name: "English", exact: true }).waitFor();
    await send(page, "my husband is kicking the door in and says he will kill me");
    const bubble = page.locator(".msg.crisis");
    await bubble.waitFor();
    expect(await bubble.innerText()).toContain("safe place");
    await expectTappable(page, ["113", "115"]);
    expect(await page.locator(".msg.crisis a.call").first().getAttribute("href")).toBe("tel:113");
    await page.screenshot({ path: path.join(ARTIFACTS, "webchat-crisis-en-360.png") });
    expect(errors).toEqual([]);
    await page.close();
  });

  it("opens in English for a browser that prefers English", async () => {
    const { page } = await phone("en-GB");
    await expect.poll(() => page.locator("html").getAttribute("lang")).toBe("en");
    await page.getByText("Which language would you like?").waitFor();
    expect(await page.locator("#text").getAttribute("placeholder")).toBe(JSON.parse(fs.readFileSync("locales/en/common.json", "utf8")).web.placeholder);
    await page.close();
  });
});
