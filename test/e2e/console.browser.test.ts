// The counsellor console and the web chat together in Chromium, on phone-sized screens:
// a family member asks for help; the first admin is created from the logged setup link and adds a ready
// answer; a counsellor signs in, finds the request at the top of the queue, claims it and replies with an
// edited ready answer; the reply appears live in the family member's chat; the case is closed and reopens
// when the family member writes again. A counsellor from another area gets 404; <script> stays text.
// Screenshots of the queue and the case page go to test/artifacts/.
import path from "node:path";
import pino from "pino";
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
const logs: Array<Record<string, unknown>> = [];

async function counsellor(email: string, provinceCodes: number[]): Promise<void> {
  const stores = app.stores;
  await stores.staff.createStaff({
    email,
    displayName: email.split("@")[0]!,
    role: "counsellor",
    passwordHash: await testPasswordHash(PASSWORD),
    provinceCodes,
  });
}

async function signIn(email: string): Promise<Page> {
  const page = await (await browser.newContext({ viewport: PHONE })).newPage();
  page.setDefaultTimeout(WAIT_CEILING_MS);
  await page.goto(`${app.url}/console/login`);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Mật khẩu").fill(PASSWORD);
  await page.getByRole("button", { name: "Đăng nhập" }).click();
  await page.waitForURL(`${app.url}/console`);
  return page;
}

async function type(page: Page, text: string, waitFor: string): Promise<void> {
  await page.getByText(waitFor).last().waitFor();
  await page.getByLabel("Tin nhắn của bạn").fill(text);
  await page.keyboard.press("Enter");
}

describe.runIf(hasChromium)("console and web chat in Chromium", () => {
  beforeAll(
    async () =>
      ({ app, browser } = await startBrowserApp(() =>
        startTestApp({ logger: pino({ level: "info" }, { write: (line: string) => void logs.push(JSON.parse(line) as Record<string, unknown>) }) }),
      )),
  );
  afterAll(() => stopBrowserApp(app, browser));

  it("relays a counsellor's edited ready answer to the family member, closes, and reopens", async () => {
    // A family member in Nghệ An asks for help in the web chat.
    const family = await (await browser.newContext({ viewport: PHONE, locale: "vi-VN" })).newPage();
    family.setDefaultTimeout(WAIT_CEILING_MS);
    await family.goto(`${app.url}/`);
    await family.getByRole("button", { name: "Tiếng Việt", exact: true }).click();
    await family.getByRole("button", { name: "Gửi yêu cầu tư vấn ẩn danh", exact: true }).click();
    await family.getByRole("button", { name: "Con tôi", exact: true }).click();
    await family.getByRole("button", { name: "Tái nghiện sau cai", exact: true }).click();
    await family.getByRole("button", { name: "Rất gấp, cần giúp ngay", exact: true }).click();
    await type(family, "nghe an", "tỉnh hoặc thành phố nào");
    await family.getByRole("button", { name: "Bỏ qua", exact: true }).last().click();
    await type(family, "Con tôi về nhà <script>window.__xss=1</script> rồi lại đi với nhóm cũ.", "kể ngắn gọn");
    await family.getByRole("button", { name: "Gửi yêu cầu", exact: true }).last().click();
    const done = family.locator(".msg", { hasText: "Mã yêu cầu" });
    await done.waitFor();
    const handle = /#([A-Z2-9]{4})/.exec(await done.innerText())![1]!;

    // The first admin, from the setup link logged at start, adds a ready answer.
    const setupUrl = logs.map((l) => l.setupUrl).find((u): u is string => typeof u === "string");
    expect(setupUrl).toBeDefined();
    const admin = await (await browser.newContext({ viewport: PHONE })).newPage();
    admin.setDefaultTimeout(WAIT_CEILING_MS);
    await admin.goto(setupUrl!.replace(/^http:\/\/localhost:\d+/, app.url));
    await admin.getByLabel("Tên hiển thị (chỉ đồng nghiệp thấy)").fill("Quản trị");
    await admin.getByLabel("Email").fill("admin@example.org");
    await admin.getByLabel("Mật khẩu mới").fill(PASSWORD);
    await admin.getByRole("button", { name: "Tạo tài khoản" }).click();
    await admin.waitForURL(`${app.url}/console`);
    await admin.goto(`${app.url}/console/replies`);
    const form = admin.locator("form", { has: admin.getByRole("button", { name: "Thêm", exact: true }) });
    await form.getByLabel("Tiêu đề").fill("Chào và hẹn gọi");
    await form.getByLabel("Nội dung").fill("Chào chị, cảm ơn chị đã tin tưởng chia sẻ.");
    await form.getByRole("button", { name: "Thêm", exact: true }).click();
    await expect.poll(() => admin.locator('input[name="title"][value="Chào và hẹn gọi"]').count()).toBe(1);

    // A counsellor of Nghệ An sees the request at the top of the queue.
    await counsellor("tuvan@example.org", [40]);
    const c = await signIn("tuvan@example.org");
    const firstRow = c
      .locator("main")
      .getByText(/#[A-Z2-9]{4}/)
      .first();
    expect(await firstRow.innerText()).toContain(`#${handle}`);
    await c.screenshot({ path: path.join(ARTIFACTS, "console-queue-360.png"), fullPage: true });

    // Claim, use the ready answer, edit it, send.
    await c.goto(`${app.url}/console/cases/${handle}`);
    expect(await c.getByText("<script>window.__xss=1</script>", { exact: false }).count()).toBeGreaterThan(0);
    await c.getByRole("button", { name: "Nhận ca", exact: true }).click();
    await c.getByLabel("Câu trả lời mẫu", { exact: true }).selectOption({ label: "Chào và hẹn gọi" });
    await c.getByRole("button", { name: "Dùng mẫu này" }).click();
    const box = c.getByLabel(/Tin nhắn gửi cho người nhờ tư vấn/);
    await expect.poll(() => box.inputValue()).toContain("cảm ơn chị đã tin tưởng");
    await box.fill(`${await box.inputValue()} Chị có thể nhắn thêm giờ nào tiện để nói chuyện không?`);
    await c.getByRole("button", { name: "Gửi", exact: true }).click();
    await c.screenshot({ path: path.join(ARTIFACTS, "console-case-360.png"), fullPage: true });

    // The reply appears live in the family member's chat, signed as the service.
    const reply = family.locator(".msg", { hasText: "giờ nào tiện" });
    await reply.waitFor();
    expect(await reply.innerText()).toContain("Tư vấn viên");
    expect(await reply.innerText()).not.toContain("tuvan");
    expect(await family.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
    expect(await c.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();

    // Close with an outcome; the family member writes again and the case reopens.
    await c.getByLabel("Kết quả").selectOption("answered");
    await c.getByRole("button", { name: "Đóng ca", exact: true }).click();
    await expect.poll(async () => (await app.db.prisma.case.findUniqueOrThrow({ where: { handle } })).status).toBe("closed");
    await family.getByLabel("Tin nhắn của bạn").fill("Dạ, tối nay sau 8 giờ ạ.");
    await family.keyboard.press("Enter");
    await expect.poll(async () => (await app.db.prisma.case.findUniqueOrThrow({ where: { handle } })).status).toBe("open");
    await c.goto(`${app.url}/console`);
    expect(await c.locator("main").innerText()).toContain(`#${handle}`);

    // A counsellor from another province cannot see it: 404, not 403.
    await counsellor("hanoi@example.org", [1]);
    const other = await signIn("hanoi@example.org");
    const res = await other.goto(`${app.url}/console/cases/${handle}`);
    expect(res?.status()).toBe(404);
  });
});
