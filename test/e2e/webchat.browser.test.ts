// The web chat in a real browser (Debian's Chromium) on a phone-sized screen: a family member makes an
// anonymous request with buttons and typed answers, and sees their handle. Screenshots go to test/artifacts/.
import path from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ARTIFACTS, hasChromium, startBrowserApp, stopBrowserApp } from "../helpers/browser.ts";
import { startTestApp, type TestApp } from "../helpers/start-app.ts";
import { WAIT_CEILING_MS } from "../helpers/wait.ts";

let app: TestApp;
let browser: Browser;

describe.runIf(hasChromium)("web chat in Chromium", () => {
  beforeAll(async () => ({ app, browser } = await startBrowserApp(() => startTestApp())));
  afterAll(() => stopBrowserApp(app, browser));

  it("takes a family member from welcome to a request handle, live, on a 360-pixel screen", async () => {
    const page = await browser.newPage({ viewport: { width: 360, height: 740 }, locale: "vi-VN" });
    page.setDefaultTimeout(WAIT_CEILING_MS);
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));
    await page.goto(`${app.url}/`);
    await expect.poll(() => page.locator("html").getAttribute("lang")).toBe("vi");
    await page.getByRole("button", { name: "Tiếng Việt", exact: true }).click();
    await page.getByRole("button", { name: "Gửi yêu cầu tư vấn ẩn danh", exact: true }).click();
    await page.getByRole("button", { name: "Con tôi", exact: true }).click();
    await page.getByText("lo lắng về điều gì").waitFor();
    await page.getByLabel("Tin nhắn của bạn").fill("tai nghien");
    await page.keyboard.press("Enter");
    await page.getByRole("button", { name: "Cần giúp trong vài ngày tới", exact: true }).click();
    await page.getByText("tỉnh hoặc thành phố nào").waitFor();
    await page.getByLabel("Tin nhắn của bạn").fill("Ha Noi");
    await page.keyboard.press("Enter");
    await page.getByRole("button", { name: "Bỏ qua", exact: true }).last().click();
    await page.getByText("kể ngắn gọn").waitFor();
    await page.getByLabel("Tin nhắn của bạn").fill("Con tôi về nhà <script>alert(1)</script> rồi lại đi.");
    await page.keyboard.press("Enter");
    await page.getByRole("button", { name: "Gửi yêu cầu", exact: true }).last().click();
    const done = page.locator(".msg", { hasText: "Mã yêu cầu" });
    await expect.poll(() => done.count()).toBe(1);
    expect(await done.innerText()).toMatch(/#[A-Z2-9]{4}/);
    // Text from the public is shown as text, never run.
    expect(await page.locator(".msg.mine", { hasText: "<script>alert(1)</script>" }).count()).toBe(1);
    expect(await page.locator("#log script").count()).toBe(0);
    await page.screenshot({ path: path.join(ARTIFACTS, "webchat-intake-360.png") });

    // A reload replays the conversation from the store.
    const before = await page.locator("#log .msg").count();
    await page.reload();
    await expect.poll(() => page.locator("#log .msg").count()).toBe(before);
    expect(errors).toEqual([]);
    await page.close();
  });

  it("sends in the order the person tapped and typed, even when the network holds the tap back", async () => {
    const page = await browser.newPage({ viewport: { width: 360, height: 740 }, locale: "vi-VN" });
    page.setDefaultTimeout(WAIT_CEILING_MS);
    await page.goto(`${app.url}/`);
    await page.getByRole("button", { name: "Tiếng Việt", exact: true }).click();
    await page.getByRole("button", { name: "Gửi yêu cầu tư vấn ẩn danh", exact: true }).click();
    await page.getByRole("button", { name: "Con tôi", exact: true }).waitFor();
    // The next POST (the tap) is held on the way out until the typed answer after it shows on the page.
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let holding!: () => void;
    const tapHeld = new Promise<void>((resolve) => (holding = resolve));
    let first = true;
    await page.route("**/chat/messages", async (route) => {
      if (first) {
        first = false;
        holding();
        await held;
      }
      await route.continue();
    });
    await page.getByRole("button", { name: "Con tôi", exact: true }).click();
    await tapHeld;
    await page.getByLabel("Tin nhắn của bạn").fill("tai nghien");
    await page.keyboard.press("Enter");
    await page.locator(".msg.mine", { hasText: "tai nghien" }).waitFor();
    release();
    // Handled in order: "my child", then the worry typed after it, so the urgency question comes next.
    await page.getByRole("button", { name: "Cần giúp trong vài ngày tới", exact: true }).waitFor();
    await page.unrouteAll();
    await page.close();
  });

  it("follows the language the person picks: a Vietnamese browser that chooses English gets the whole page in English", async () => {
    const page = await browser.newPage({ viewport: { width: 360, height: 740 }, locale: "vi-VN" });
    page.setDefaultTimeout(WAIT_CEILING_MS);
    await page.goto(`${app.url}/`);
    await expect.poll(() => page.locator("html").getAttribute("lang")).toBe("vi");
    await page.getByRole("button", { name: "Thoát nhanh", exact: true }).waitFor();
    await page.getByRole("button", { name: "English", exact: true }).click();
    // The page loads again in English (no history entry), and the thread replays in it.
    await expect.poll(() => page.locator("html").getAttribute("lang")).toBe("en");
    await page.getByRole("button", { name: "Leave quickly", exact: true }).waitFor();
    await page.getByLabel("Your message").waitFor();
    await page.locator("#log .msg", { hasText: "English" }).first().waitFor();
    await page.close();
  });
});
