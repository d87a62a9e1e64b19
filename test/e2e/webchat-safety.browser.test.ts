// The web chat's safety in a real browser (Debian's Chromium): a page on another port of the same host
// (same-site, so the Lax cookie goes along) tries to erase the person's data and to inject messages, and
// nothing happens; "leave quickly" leaves no way back; "clear this device" wipes it and the handle with
// the code shown once brings the request back; a counsellor's messages are labelled as the counsellor's.
import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import type { AddressInfo } from "node:net";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signedInCounsellor } from "../contract/channel/counsellor.ts";
import { ARTIFACTS, hasChromium, launchBrowser } from "../helpers/browser.ts";
import { startTestApp, type TestApp } from "../helpers/start-app.ts";
import { WAIT_CEILING_MS } from "../helpers/wait.ts";

let app: TestApp;
let browser: Browser;
let other: http.Server;
let otherUrl = "";

/** What the page on the other port tries with the person's cookie: every way a page can post without asking. */
function attackPage(target: string): string {
  const bodies = [
    { clientId: "attack-xoa-0001", text: "XOA" },
    { clientId: "attack-one-0001", text: "1" },
    { clientId: "attack-fake-0001", text: "con toi bi danh dap, cuu voi" },
    ...Array.from({ length: 12 }, (_, i) => ({ clientId: `attack-tap-${String(i).padStart(4, "0")}`, choice: { optionId: "yes", menuSeq: i } })),
  ];
  return `<!doctype html><html><body>
<iframe name="sink"></iframe>
<form id="f" method="POST" action="${target}/chat/messages" enctype="text/plain" target="sink"><input name='{"clientId":"attack-form-0001","text":"XOA","x":"' value='"}'></form>
<script>
(async () => {
  const bodies = ${JSON.stringify(bodies)};
  for (const b of bodies) {
    for (const type of ["text/plain", "application/x-www-form-urlencoded"]) {
      await fetch("${target}/chat/messages", { method: "POST", mode: "no-cors", credentials: "include", headers: { "content-type": type }, body: JSON.stringify(b) }).catch(() => null);
    }
    // A JSON post needs a CORS preflight the app never grants.
    await fetch("${target}/chat/messages", { method: "POST", credentials: "include", headers: { "content-type": "application/json" }, body: JSON.stringify(b) }).catch(() => null);
  }
  await fetch("${target}/chat/session/clear", { method: "POST", mode: "no-cors", credentials: "include", headers: { "content-type": "text/plain" }, body: "{}" }).catch(() => null);
  const frame = document.querySelector("iframe");
  await new Promise((resolve) => { frame.addEventListener("load", resolve, { once: true }); document.getElementById("f").submit(); });
  document.title = "attack finished";
})();
</script></body></html>`;
}

async function startOtherSite(): Promise<void> {
  other = http.createServer((req, res) => {
    const html = req.url === "/attack" ? attackPage(app.url) : `<!doctype html><title>neutral</title><p>${req.url === "/before" ? "before" : "weather"}</p>`;
    res.writeHead(200, { "content-type": "text/html; charset=utf-8" }).end(html);
  });
  await new Promise<void>((resolve) => other.listen(0, "127.0.0.1", resolve));
  // The test app listens on 127.0.0.1 too: same host, another port — same-site, so the Lax cookie goes along.
  otherUrl = `http://127.0.0.1:${(other.address() as AddressInfo).port}`;
}

async function openChat(context: BrowserContext): Promise<Page> {
  const page = await context.newPage();
  page.setDefaultTimeout(WAIT_CEILING_MS);
  await page.goto(`${app.url}/`);
  await page.getByRole("button", { name: "Tiếng Việt", exact: true }).click();
  await page.getByText("Mình có thể giúp gì cho bạn?").first().waitFor();
  return page;
}

/** Types a crisis message (the quickest way to a request) and returns the handle the page shows. */
async function makeRequest(page: Page): Promise<string> {
  await page.getByLabel("Tin nhắn của bạn").fill("con toi bi danh dap");
  await page.keyboard.press("Enter");
  const done = page.locator(".msg", { hasText: "đã được đưa lên đầu hàng chờ" });
  await done.waitFor();
  return /#([A-Z2-9]{4})/.exec(await done.innerText())![1]!;
}

const sidOf = async (context: BrowserContext): Promise<string> => (await context.cookies(app.url)).find((c) => c.name === "kna_sid")?.value ?? "";

describe.runIf(hasChromium)("web chat safety in Chromium", () => {
  beforeAll(async () => {
    await startOtherSite();
    app = await startTestApp({ env: { WEBCHAT_EXIT_URL: `${otherUrl}/weather` } });
    browser = await launchBrowser();
    fs.mkdirSync(ARTIFACTS, { recursive: true });
  });
  afterAll(async () => {
    await browser?.close();
    await app?.stop();
    await new Promise((resolve) => other?.close(resolve));
  });

  it("a page on another port of the same host can neither erase the conversation nor inject messages", async () => {
    const context = await browser.newContext({ viewport: { width: 360, height: 740 }, locale: "vi-VN" });
    const page = await openChat(context);
    const handle = await makeRequest(page);
    const person = (await app.stores.people.findPerson("webchat", await sidOf(context)))!;
    const before = await app.db.prisma.message.count({ where: { personId: person.id } });

    const attack = await context.newPage();
    attack.setDefaultTimeout(WAIT_CEILING_MS);
    await attack.goto(`${otherUrl}/attack`);
    await attack.waitForFunction(() => document.title === "attack finished");

    expect(await app.stores.people.getPerson(person.id)).not.toBeNull();
    expect(await app.db.prisma.message.count({ where: { personId: person.id } })).toBe(before);
    expect((await app.stores.cases.findCaseByHandle(handle))?.status).toBe("open");
    expect(await app.db.prisma.message.count({ where: { channelMessageId: { startsWith: "attack-" } } })).toBe(0);
    await page.reload();
    await page
      .locator(".msg", { hasText: `#${handle}` })
      .first()
      .waitFor();
    await context.close();
  });

  it("'leave quickly' replaces the chat with a neutral site and the back button does not return to it", async () => {
    const context = await browser.newContext({ viewport: { width: 360, height: 740 }, locale: "vi-VN" });
    const page = await context.newPage();
    page.setDefaultTimeout(WAIT_CEILING_MS);
    await page.goto(`${otherUrl}/before`);
    await page.goto(`${app.url}/`);
    await page.getByRole("button", { name: "Tiếng Việt", exact: true }).click();
    await page.getByRole("link", { name: "English" }).click(); // the language switch adds no history entry either
    await page.getByRole("button", { name: "Leave quickly", exact: true }).click();
    await page.waitForURL(`${otherUrl}/weather`);
    await page.goBack();
    await page.waitForURL(`${otherUrl}/before`);
    expect(await page.locator("body").innerText()).toBe("before");
    await context.close();
  });

  it("'clear this device' wipes the page and ends the session; the handle and the code shown once bring the request back", async () => {
    const context = await browser.newContext({ viewport: { width: 360, height: 740 }, locale: "vi-VN" });
    const page = await openChat(context);
    const handle = await makeRequest(page);
    const oldSid = await sidOf(context);
    await page.getByRole("button", { name: "Xóa khỏi máy này", exact: true }).click();
    // The panel is on the page before the code arrives from the server: wait for the digits themselves.
    const codeEl = page.locator("#clear-code-value", { hasText: /\d/ });
    await codeEl.waitFor({ timeout: WAIT_CEILING_MS });
    const code = (await codeEl.innerText()).replace(/\s/g, "");
    expect(code).toMatch(/^\d{8}$/);
    expect(await page.locator("#clear-code-text").innerText()).toContain(`#${handle}`);
    await page.getByRole("button", { name: "Xóa ngay", exact: true }).click();
    // The old page's own language buttons would satisfy the next wait: first see the old thread go.
    await page
      .locator("#log .msg", { hasText: `#${handle}` })
      .first()
      .waitFor({ state: "detached" });
    await page.getByRole("button", { name: "Tiếng Việt", exact: true }).waitFor(); // a fresh welcome
    expect(await page.locator("#log .msg", { hasText: `#${handle}` }).count()).toBe(0);
    expect(await sidOf(context)).not.toBe(oldSid);
    expect(await app.stores.people.findPerson("webchat", oldSid)).toBeNull();

    await page.getByText("Quay lại yêu cầu cũ").click();
    await page.getByPlaceholder("Mã yêu cầu (ví dụ #K7Q2)").fill(`#${handle}`);
    await page.getByPlaceholder("Mã quay lại").fill("11112222");
    await page.getByRole("button", { name: "Mở yêu cầu của tôi" }).click();
    await page.getByText("không khớp").waitFor();
    await page.getByPlaceholder("Mã quay lại").fill(code);
    await page.getByRole("button", { name: "Mở yêu cầu của tôi" }).click();
    await page
      .locator("#log .msg", { hasText: `#${handle}` })
      .first()
      .waitFor();
    await context.close();
  });

  it("says when a counsellor takes the request and labels the counsellor's reply, live and after a reload; the limit shows before sending", async () => {
    const context = await browser.newContext({ viewport: { width: 360, height: 740 }, locale: "vi-VN" });
    const page = await openChat(context);
    const handle = await makeRequest(page);
    // A burst of replies is shown from its start: here (a crisis) the emergency numbers, which stay in view
    // although the request's handle and the menu came after them.
    const handleMsg = page.locator("#log .msg.crisis").first();
    const inView = (el: Element): boolean => {
      const box = el.getBoundingClientRect();
      const log = document.getElementById("log")!.getBoundingClientRect();
      return box.top >= log.top - 1 && box.top < log.bottom;
    };
    expect(await handleMsg.evaluate(inView)).toBe(true);

    const desk = await signedInCounsellor(app);
    await desk.get(`/console/cases/${handle}`);
    await desk.post(`/console/cases/${handle}/claim`);
    await page.getByText(`Một tư vấn viên đang đọc yêu cầu #${handle}`).waitFor();
    await desk.get(`/console/cases/${handle}`);
    await desk.post(`/console/cases/${handle}/reply`, { text: "Chào chị, em ở đây." });
    const reply = page.locator(".msg.counsellor", { hasText: "Chào chị, em ở đây." });
    await reply.waitFor();
    expect(await reply.locator(".who").innerText()).toBe("Tư vấn viên");
    await expect.poll(() => reply.evaluate(inView)).toBe(true); // a later reply comes into view by itself
    await page.reload();
    await reply.waitFor();
    expect(await reply.locator(".who").innerText()).toBe("Tư vấn viên");
    await expect.poll(() => reply.evaluate(inView)).toBe(true); // after a reload: the latest message
    await page.screenshot({ path: path.join(ARTIFACTS, "webchat-counsellor-360.png") });

    const mine = await page.locator(".msg.mine").count();
    await page.getByLabel("Tin nhắn của bạn").fill("a".repeat(4001));
    expect(await page.locator("#counter").innerText()).toContain("4001/4000");
    await page.keyboard.press("Enter");
    expect(await page.locator(".msg.mine").count()).toBe(mine);
    expect(await page.getByLabel("Tin nhắn của bạn").inputValue()).toHaveLength(4001); // nothing cut
    await context.close();
  });
});
