// The web chat driven over real HTTP against the whole app (PGlite, or PostgreSQL with TEST_DATABASE_URL):
// the web chat's own surface (page, session, JSON errors, concurrent posts, the live stream) and flow
// details that one channel is enough to show. What every channel does (welcome, menus by button, number and
// words, intake to a handle, crisis, stale taps, duplicates, delete) is in test/contract/channel/.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../helpers/start-app.ts";
import { WebChatClient, newId } from "../helpers/webchat-client.ts";
import { WebChatLive } from "../helpers/webchat-live.ts";

let app: TestApp;

beforeAll(async () => {
  app = await startTestApp();
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

describe("web chat: page and menus", () => {
  it("serves a Vietnamese page with a session cookie", async () => {
    const c = new WebChatClient(app.url);
    const html = await c.open();
    expect(html).toContain('<html lang="vi">');
    expect(html).toContain("Kết nối an toàn");
    expect(c.sessionId).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it("reads prevention topics screen by screen", async () => {
    const c = await person();
    await c.tap("topics");
    const menu = await c.lastMenu();
    expect(menu.options.length).toBeGreaterThanOrEqual(7);
    await c.tap(menu.options[0]!.id);
    const first = (await c.lastMenu()).text;
    expect(first).toMatch(/\(1\/\d\)/);
    await c.tap("next");
    expect((await c.lastMenu()).text).toMatch(/\(2\/\d\)/);
  });
});

describe("web chat: live stream", () => {
  it("replays what came after the last event id the page saw, then follows live replies", async () => {
    const c = await person();
    const items = await c.history();
    const seen = items[1]!.seq;
    const missed = items.filter((i) => i.seq > seen).map((i) => i.seq);
    const live = await WebChatLive.connect(c, seen);
    try {
      await live.waitFor((got) => got.length >= missed.length, 10_000, "the replay");
      expect(live.items.map((i) => i.seq)).toEqual(missed);
      await c.say("menu");
      const menu = (await c.botMessages()).at(-1)!;
      await live.waitFor((got) => got.some((i) => i.seq === menu.seq), 10_000, "the live reply");
      expect(live.items.at(-1)).toMatchObject({ seq: menu.seq, direction: "outbound", body: { kind: "options" } });
    } finally {
      live.close();
    }
  });
});

describe("web chat: anonymous intake", () => {
  it("skips the area and offers to turn free text into a request", async () => {
    const c = await person();
    await c.say("Tôi lo cho chồng tôi dạo này hay đi đêm");
    expect((await c.lastMenu()).options.map((o) => o.id)).toEqual(["intake_from_text", "menu"]);
    await c.tap("intake_from_text");
    await c.tap("spouse");
    await c.tap("drug_use");
    await c.tap("info");
    await c.tap("skip");
    expect((await c.lastMenu()).text).toContain("ghi lại điều bạn viết");
    const done = await c.repliesTo(() => c.tap("send"));
    const handle = /#([A-Z2-9]{4})/.exec(done.join("\n"))![1]!;
    const row = await app.db.prisma.case.findUniqueOrThrow({ where: { handle } });
    expect(row.provinceCode).toBeNull();
    expect(await app.db.prisma.message.count({ where: { caseId: row.id, direction: "inbound" } })).toBeGreaterThanOrEqual(1);
  });

  it("asks which one when a typed place is ambiguous, and tells when nothing matches", async () => {
    const c = await person();
    await c.tap("intake");
    await c.tap("self");
    await c.tap("hiv");
    await c.tap("now");
    const none = await c.repliesTo(() => c.say("Atlantis"));
    expect(none[0]).toContain("chưa tìm thấy");
    await c.say("ha noi");
    const many = await c.repliesTo(() => c.say("Phuong"));
    expect(many.join("\n")).toMatch(/nhiều nơi|nơi nào/);
  });
});

describe("web chat: danger", () => {
  it("raises an existing open case to crisis and does not flag 'từ từ'", async () => {
    const c = await person();
    await c.say("Tôi muốn hỏi về con tôi");
    await c.tap("intake_from_text");
    for (const id of ["child", "drug_use", "info", "skip", "send"]) await c.tap(id);
    const calm = await c.repliesTo(() => c.say("từ từ rồi tính"));
    expect(calm.join("\n")).not.toContain("115");
    const raised = await c.repliesTo(() => c.say("nó nói muốn tự tử"));
    expect(raised[0]).toContain("115");
    const open = await app.db.prisma.case.findFirstOrThrow({ where: { status: "open", dangerFlags: { has: "suicide" } } });
    expect(open.priority).toBe(0);
  });
});

describe("web chat: bad input", () => {
  it("answers empty, emoji-only, control-character and unknown-command messages kindly", async () => {
    const c = await person();
    expect((await c.repliesTo(() => c.say("   ")))[0]).toContain("trống");
    expect((await c.repliesTo(() => c.say("😢😢")))[0]).toContain("chữ và số");
    expect((await c.repliesTo(() => c.say("\u0000\u0007\u202E")))[0]).toContain("trống");
    const unknown = await c.repliesTo(() => c.say("/foobar"));
    expect(unknown[0]).toContain("/foobar");
    expect((await c.lastMenu()).text).toBe("Mình có thể giúp gì cho bạn?");
  });

  it("caps very long messages and says so, keeping the first part", async () => {
    const c = await person();
    const replies = await c.repliesTo(() => c.say("Chuyện nhà tôi. ".repeat(600)));
    expect(replies[0]).toContain("4000");
  });

  it("answers a number outside the menu", async () => {
    const c = await person();
    expect((await c.repliesTo(() => c.say("11")))[0]).toContain("từ 1 đến 10");
  });

  it("tells the page that a retried message with the same client id was a duplicate", async () => {
    const c = await person();
    const id = newId();
    expect((await c.say("Xin chào", id)).duplicate).toBe(false);
    expect((await c.say("Xin chào", id)).duplicate).toBe(true);
  });

  it("handles concurrent messages from one person in order, losing none", async () => {
    const c = await person();
    await c.tap("intake");
    await Promise.all([c.say("1"), c.say("2"), c.say("3")]);
    const inbound = (await c.history()).filter((i) => i.direction === "inbound" && i.body.kind === "text");
    expect(inbound).toHaveLength(3);
    const after = await app.db.prisma.conversation.findMany({ where: { flow: "intake", step: "province" } });
    expect(after.length).toBeGreaterThanOrEqual(1);
  });

  it("rejects malformed bodies with a JSON 400, and posts without a session with 401", async () => {
    const c = await person();
    const bad = await c.post("{not json", true);
    expect(bad.status).toBe(400);
    expect(await bad.json()).toHaveProperty("error");
    const wrong = await c.post({ clientId: "x", text: 5 });
    expect(wrong.status).toBe(400);
    const noSession = await fetch(`${app.url}/chat/messages`, { method: "POST", headers: { "content-type": "application/json" }, body: "{}" });
    expect(noSession.status).toBe(401);
    const huge = await c.post({ clientId: newId(), text: "x".repeat(70_000) });
    expect(huge.status).toBe(413);
  });
});
