// The live console in Chromium on a phone-sized screen: the case page shows a family member's new
// message without a reload (marked new), "Reply" reaches the box in one tap, "/" finds a shipped ready
// answer and inserts it without a reload; the queue keeps a person's place after a follow-up and moves
// them after those still waiting once a counsellor has answered. Screenshots go to test/artifacts/.
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ARTIFACTS, hasChromium, startBrowserApp, stopBrowserApp } from "../helpers/browser.ts";
import { startTestApp, type TestApp } from "../helpers/start-app.ts";
import { testPasswordHash } from "../helpers/test-password-hash.ts";
import { WAIT_CEILING_MS } from "../helpers/wait.ts";

const PHONE = { width: 360, height: 740 };
const PASSWORD = "một câu mật khẩu dài dễ nhớ";
let app: TestApp;
let browser: Browser;
let counter = 0;

async function phonePage(): Promise<Page> {
  const page = await (await browser.newContext({ viewport: PHONE, locale: "vi-VN" })).newPage();
  page.setDefaultTimeout(WAIT_CEILING_MS);
  return page;
}

/** A counsellor for Nghệ An, signed in, on the queue. */
async function counsellor(): Promise<Page> {
  counter += 1;
  const email = `tuvan${counter}@example.org`;
  await app.stores.staff.createStaff({
    email,
    displayName: `Tư vấn ${counter}`,
    role: "counsellor",
    passwordHash: await testPasswordHash(PASSWORD),
    provinceCodes: [40],
  });
  const page = await phonePage();
  await page.goto(`${app.url}/console/login`);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Mật khẩu").fill(PASSWORD);
  await page.getByRole("button", { name: "Đăng nhập" }).click();
  await page.waitForURL(`${app.url}/console`);
  return page;
}

async function type(page: Page, text: string, waitFor?: string): Promise<void> {
  if (waitFor) await page.getByText(waitFor).last().waitFor();
  await page.getByLabel("Tin nhắn của bạn").fill(text);
  await page.keyboard.press("Enter");
}

/** A family member in Nghệ An asks for help in the web chat; returns their page and the case handle. */
async function family(story: string): Promise<{ page: Page; handle: string }> {
  const page = await phonePage();
  await page.goto(`${app.url}/`);
  await page.getByRole("button", { name: "Tiếng Việt", exact: true }).click();
  await page.getByRole("button", { name: "Gửi yêu cầu tư vấn ẩn danh", exact: true }).click();
  await page.getByRole("button", { name: "Con tôi", exact: true }).click();
  await page.getByRole("button", { name: "Tái nghiện sau cai", exact: true }).click();
  await page.getByRole("button", { name: "Cần giúp trong vài ngày tới", exact: true }).click();
  await type(page, "nghe an", "tỉnh hoặc thành phố nào");
  await page.getByRole("button", { name: "Bỏ qua", exact: true }).last().click();
  await type(page, story, "kể ngắn gọn");
  await page.getByRole("button", { name: "Gửi yêu cầu", exact: true }).last().click();
  const done = page.locator(".msg", { hasText: "Mã yêu cầu" });
  await done.waitFor();
  return { page, handle: /#([A-Z2-9]{4})/.exec(await done.innerText())![1]! };
}

/** Where each handle appears in the queue's text (-1: absent). */
async function queueOrder(page: Page, handles: string[]): Promise<number[]> {
  const text = await page.locator("#queue-live").innerText();
  return handles.map((h) => text.indexOf(`#${h}`));
}

describe.runIf(hasChromium)("live console in Chromium", () => {
  beforeAll(async () => ({ app, browser } = await startBrowserApp(() => startTestApp())));
  afterAll(() => stopBrowserApp(app, browser));

  it("shows a new message on the open case page without a reload; Reply and '/' work in one step", async () => {
    const f = await family("Con tôi về nhà rồi lại đi với nhóm cũ.");
    const c = await counsellor();
    await c.goto(`${app.url}/console/cases/${f.handle}`);
    await c.evaluate(() => ((window as unknown as { __samePage: number }).__samePage = 1));

    // One tap on "Trả lời" at the top puts the cursor in the reply box, on screen.
    await c.getByRole("link", { name: "Trả lời", exact: true }).click();
    await expect.poll(() => c.evaluate(() => document.activeElement?.id)).toBe("text");
    const box = (await c.locator("#text").boundingBox())!;
    expect(box.y).toBeGreaterThanOrEqual(0);
    expect(box.y + 40).toBeLessThanOrEqual(PHONE.height);

    // The family member writes again: the message appears, marked new, and the page was not reloaded.
    await type(f.page, "Tối nay con vẫn chưa về, tôi rất lo.");
    const fresh = c.locator("#case-live .thread li.unread", { hasText: "Tối nay con vẫn chưa về" });
    await fresh.waitFor();
    expect(await fresh.innerText()).toContain("Mới");
    expect(await c.locator("#case-status").innerText()).toContain("Có tin nhắn mới");

    // "/" in the empty box opens the ready-answer search; Enter inserts the first match.
    await c.locator("#text").focus();
    await c.keyboard.press("/");
    await c.getByLabel("Tìm câu trả lời mẫu").fill("an toan");
    await expect.poll(() => c.locator("#ready-results button").first().innerText()).toContain("Hỏi về an toàn");
    await c.keyboard.press("Enter");
    await expect.poll(() => c.locator("#text").inputValue()).toContain("ngay lúc này anh/chị và người thân có an toàn không?");
    await expect.poll(() => c.evaluate(() => document.activeElement?.id)).toBe("text");
    expect(await c.evaluate(() => (window as unknown as { __samePage?: number }).__samePage)).toBe(1);
    await c.evaluate(() => window.scrollTo(0, 0));
    await c.screenshot({ path: path.join(ARTIFACTS, "console-case-live-360.png"), fullPage: true });

    // Sent: it reaches the family member.
    await c.getByRole("button", { name: "Gửi", exact: true }).click();
    await f.page.locator(".msg", { hasText: "có an toàn không" }).waitFor();
  });

  it("keeps the first person first after a follow-up; after a reply, the one still waiting goes first", async () => {
    const first = await family("Chồng tôi lại dùng ma túy sau khi cai.");
    const second = await family("Em trai tôi tái nghiện.");
    const c = await counsellor();
    await c.goto(`${app.url}/console?holder=unclaimed`);
    const [a, b] = await queueOrder(c, [first.handle, second.handle]);
    expect(a).toBeGreaterThanOrEqual(0);
    expect(a).toBeLessThan(b!);
    await c.evaluate(() => ((window as unknown as { __samePage: number }).__samePage = 1));

    // "I'm still waiting": the live queue updates (no reload) and the first person keeps their place.
    await type(first.page, "Tôi vẫn đang chờ ạ.");
    await expect.poll(() => c.locator("#queue-status").innerText()).toContain("vừa được cập nhật");
    const [a2, b2] = await queueOrder(c, [first.handle, second.handle]);
    expect(a2).toBeLessThan(b2!);
    expect(await c.evaluate(() => (window as unknown as { __samePage?: number }).__samePage)).toBe(1);
    await c.screenshot({ path: path.join(ARTIFACTS, "console-queue-fair-360.png"), fullPage: true });

    // A counsellor answers the first person: the second, still unanswered, now comes first.
    await c.goto(`${app.url}/console/cases/${first.handle}`);
    await c.locator("#text").fill("Chào chị, tôi đã đọc tin nhắn của chị.");
    await c.getByRole("button", { name: "Gửi", exact: true }).click();
    await c.waitForURL(/ok=replied/);
    await c.goto(`${app.url}/console`);
    const [a3, b3] = await queueOrder(c, [first.handle, second.handle]);
    expect(b3).toBeGreaterThanOrEqual(0);
    expect(b3).toBeLessThan(a3!);
  });
});
