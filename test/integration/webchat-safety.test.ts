// The web chat's safety rules over real HTTP: only the page can change anything (JSON, own Origin,
// Sec-Fetch-Site, the session token), nothing is cacheable, the session ends after the idle period, a
// person can clear this device and come back to their request with its handle and a return code.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { captureLogs } from "../contract/channel/driver.ts";
import { TestClock } from "../console/harness.ts";
import { startTestApp, type TestApp } from "../helpers/start-app.ts";
import { newId, WebChatClient } from "../helpers/webchat-client.ts";

const HOUR = 3_600_000;
let app: TestApp;
const clock = new TestClock();
const logs = captureLogs();

beforeAll(async () => {
  app = await startTestApp({ clock, logger: logs.logger });
});
afterAll(async () => {
  await app?.stop();
});

async function person(): Promise<WebChatClient> {
  const c = new WebChatClient(app.url);
  await c.open();
  await c.start();
  await c.tap("vi");
  return c;
}

/** A person with a crisis request (the quickest way to a case); returns its handle. */
async function withRequest(): Promise<{ c: WebChatClient; handle: string }> {
  const c = await person();
  const replies = await c.repliesTo(() => c.say("con toi bi danh dap"));
  return { c, handle: /#([A-Z2-9]{4})/.exec(replies.join("\n"))![1]! };
}

const rawPost = (c: WebChatClient, headers: Record<string, string>, body: string) =>
  fetch(`${app.url}/chat/messages`, { method: "POST", headers: { ...c.pageHeaders(), ...headers }, body });

describe("web chat: requests only the page can make", () => {
  it("refuses text/plain and form bodies, another origin, a same-site fetch and a missing or wrong token; stores nothing", async () => {
    const c = await person();
    const other = await person();
    const before = await c.lastSeq();
    const json = JSON.stringify({ clientId: newId(), text: "XOA" });
    const refused = [
      await rawPost(c, { "content-type": "text/plain" }, json),
      await rawPost(c, { "content-type": "application/x-www-form-urlencoded" }, "clientId=abcdefgh12&text=XOA"),
      await rawPost(c, { origin: "http://evil.example" }, json),
      await rawPost(c, { origin: "http://localhost:1" }, json),
      await rawPost(c, { origin: "null" }, json),
      await rawPost(c, { "sec-fetch-site": "same-site" }, json),
      await rawPost(c, { "x-chat-token": other.token }, json),
      await fetch(`${app.url}/chat/messages`, { method: "POST", headers: { ...c.pageHeaders(), "x-chat-token": "" }, body: json }),
    ];
    const noOrigin = c.pageHeaders();
    delete noOrigin.origin;
    refused.push(await fetch(`${app.url}/chat/messages`, { method: "POST", headers: noOrigin, body: json }));
    expect(refused.map((r) => r.status)).toEqual([400, 400, 403, 403, 403, 403, 403, 403, 403]);
    expect(await c.lastSeq()).toBe(before);
    expect((await rawPost(c, { "sec-fetch-site": "same-origin" }, json)).status).toBe(200);
  });

  it("needs a tap on the confirmation menu on screen to erase: a typed '1' only asks again", async () => {
    const { c } = await withRequest();
    await c.say("XOA");
    const again = await c.repliesTo(() => c.say("1"));
    expect(again.join("\n")).toContain('bấm nút "Có, xóa hết"');
    expect(await c.history()).not.toEqual([]);
    await c.tap("yes");
    expect(await c.history()).toEqual([]);
  });

  it("marks every chat response no-store and keeps the cookie for the idle period only", async () => {
    const c = new WebChatClient(app.url);
    const page = await fetch(`${app.url}/`);
    expect(page.headers.get("cache-control")).toBe("no-store");
    expect(page.headers.get("set-cookie")).toMatch(/Max-Age=86400;.*HttpOnly/);
    await c.open();
    await c.start();
    for (const path of ["/chat/history", "/chat.js"]) expect((await fetch(`${app.url}${path}`)).headers.get("cache-control"), path).toBe("no-store");
    expect((await c.post({ clientId: newId(), text: "hi" })).headers.get("cache-control")).toBe("no-store");
    const events = new AbortController();
    const stream = await c.events(events.signal);
    expect(stream.headers.get("cache-control")).toBe("no-store");
    events.abort();
  });

  it("ends a session idle for longer than the idle period, on the server too", async () => {
    const { c, handle } = await withRequest();
    clock.advance(23 * HOUR);
    expect(await c.history()).not.toEqual([]); // still within the period
    await c.open(); // a visit starts the period again
    clock.advance(23 * HOUR);
    expect(await c.history()).not.toEqual([]);
    clock.advance(2 * HOUR);
    expect(await c.history()).toEqual([]);
    // A copy of the old cookie only starts a new, empty conversation: the request is out of its reach.
    await c.say("hello");
    expect(JSON.stringify(await c.history())).not.toContain(handle);
  });
});

describe("web chat: clear this device, and come back with a return code", () => {
  it("clears the session on the server; the handle and the code shown once bring the request back on another device", async () => {
    const { c, handle } = await withRequest();
    const oldSid = c.sessionId;
    const issued = (await (await c.postTo("/chat/session/code", {})).json()) as { handle: string; code: string };
    expect(issued.handle).toBe(handle);
    expect(issued.code).toMatch(/^\d{8}$/);
    const cleared = await c.postTo("/chat/session/clear", {});
    expect(cleared.status).toBe(200);
    expect(cleared.headers.get("set-cookie")).toMatch(/kna_sid=;.*Max-Age=0/);
    expect(await app.stores.people.findPerson("webchat", oldSid)).toBeNull();
    const stored = await app.db.prisma.webChatReturn.findMany();
    expect(JSON.stringify(stored)).not.toContain(issued.code);

    const phone = new WebChatClient(app.url);
    await phone.open();
    expect(await (await phone.postTo("/chat/session/resume", { handle: `#${handle}`, code: "00000000" })).json()).toEqual({ ok: false, reason: "mismatch" });
    expect(await (await phone.postTo("/chat/session/resume", { handle: "ZZZZ", code: issued.code })).json()).toEqual({ ok: false, reason: "mismatch" });
    const back = await phone.postTo("/chat/session/resume", { handle: handle.toLowerCase(), code: `${issued.code.slice(0, 4)} ${issued.code.slice(4)}` });
    expect(await back.json()).toEqual({ ok: true });
    await phone.open();
    expect((await phone.botMessages()).map((m) => m.text).join("\n")).toContain(`#${handle}`);
    // Used up: the same code does not open it a second time.
    const third = new WebChatClient(app.url);
    await third.open();
    expect(await (await third.postTo("/chat/session/resume", { handle, code: issued.code })).json()).toEqual({ ok: false, reason: "mismatch" });
    expect(logs.text()).not.toContain(issued.code);
  });

  it("locks a request's code after 5 wrong guesses, even for the right code, until 15 minutes have passed", async () => {
    const { c, handle } = await withRequest();
    const { code } = (await (await c.postTo("/chat/session/code", {})).json()) as { code: string };
    const guesser = new WebChatClient(app.url);
    await guesser.open();
    const wrong = code === "12345678" ? "87654321" : "12345678";
    for (let i = 0; i < 5; i++) await guesser.postTo("/chat/session/resume", { handle, code: wrong });
    expect(await (await guesser.postTo("/chat/session/resume", { handle, code })).json()).toEqual({ ok: false, reason: "locked" });
    clock.advance(16 * 60_000);
    expect(await (await guesser.postTo("/chat/session/resume", { handle, code })).json()).toEqual({ ok: true });
  });

  it("erases a person without a request when they clear the device (there is nothing to come back to)", async () => {
    const c = await person();
    const id = (await app.stores.people.findPerson("webchat", c.sessionId))!.id;
    expect(await (await c.postTo("/chat/session/code", {})).json()).toEqual({ handle: null, code: null });
    await c.postTo("/chat/session/clear", {});
    expect(await app.stores.people.getPerson(id)).toBeNull();
  });

  it("refuses the session routes to another page", async () => {
    const { c } = await withRequest();
    const res = await fetch(`${app.url}/chat/session/clear`, { method: "POST", headers: { ...c.pageHeaders(), origin: "http://localhost:1" }, body: "{}" });
    expect(res.status).toBe(403);
    expect(await app.stores.people.findPerson("webchat", c.sessionId)).not.toBeNull();
  });
});
