// The web chat proposes the language: from the browser's Accept-Language for the page and the welcome,
// and from the first message's words (guess-language.ts), so an English first message gets English.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../helpers/start-app.ts";
import { tokenOf, WebChatClient, newId } from "../helpers/webchat-client.ts";

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => {
  await app?.stop();
});

const localeOf = async (c: WebChatClient): Promise<string | undefined> => (await app.stores.people.findPerson("webchat", c.sessionId))?.locale;

describe("web chat language", () => {
  it("answers an English first message in English and keeps the person in English", async () => {
    const c = new WebChatClient(app.url);
    await c.open();
    await c.start(); // no Accept-Language we support: Vietnamese welcome and the language question
    expect(await localeOf(c)).toBe("vi");
    const replies = await c.repliesTo(() => c.say("hello, how does this work? my friend needs help"));
    expect(replies[0]).toContain("English");
    expect((await c.lastMenu()).text).toMatch(/[A-Za-z]/);
    expect(await localeOf(c)).toBe("en");
  });

  it("answers an English crisis as the first message in English", async () => {
    const c = new WebChatClient(app.url);
    await c.open();
    await c.start();
    const items = await c.repliesTo(() => c.say("my roommate took a whole box of sleeping pills and wont wake up"));
    expect(items[0]).toContain("recovery position");
    expect(await localeOf(c)).toBe("en");
  });

  it("keeps Vietnamese typed without marks in Vietnamese, and a chosen language stays chosen", async () => {
    const c = new WebChatClient(app.url);
    await c.open();
    await c.start();
    await c.tap("vi");
    await c.say("please help, how does this work"); // after the choice, English words change nothing
    expect(await localeOf(c)).toBe("vi");
    const v = new WebChatClient(app.url);
    await v.open();
    await v.start();
    await v.say("minh muon hoi ve cach cai nghien cho con");
    expect(await localeOf(v)).toBe("vi");
  });

  it("uses Accept-Language for the page and a new person", async () => {
    const page = await fetch(`${app.url}/`, { headers: { "accept-language": "en-GB,en;q=0.9,vi;q=0.5" } });
    const html = await page.text();
    expect(html).toContain('<html lang="en">');
    const cookie = page.headers.get("set-cookie")!.split(";")[0]!;
    // As the page sends it: JSON, its own origin and the session token from its HTML.
    const token = tokenOf(html);
    const res = await fetch(`${app.url}/chat/messages`, {
      method: "POST",
      headers: { "content-type": "application/json", cookie, origin: app.url, "x-chat-token": token, "accept-language": "en-GB,en;q=0.9" },
      body: JSON.stringify({ clientId: newId(), start: true }),
    });
    expect(res.status).toBe(200);
    const sid = cookie.split("=")[1]!;
    expect((await app.stores.people.findPerson("webchat", sid))?.locale).toBe("en");
    const vi = await fetch(`${app.url}/`, { headers: { "accept-language": "vi-VN,vi;q=0.9,en;q=0.8" } });
    expect(await vi.text()).toContain('<html lang="vi">');
  });
});
