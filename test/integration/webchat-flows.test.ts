// The web chat driven over real HTTP against the whole app (PGlite, or PostgreSQL with TEST_DATABASE_URL).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../helpers/start-app.ts";
import { WebChatClient, newId } from "../helpers/webchat-client.ts";

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

describe("web chat: welcome and menu", () => {
  it("serves a Vietnamese page with a session cookie and greets with the privacy promise", async () => {
    const c = new WebChatClient(app.url);
    const html = await c.open();
    expect(html).toContain('<html lang="vi">');
    expect(html).toContain("Kết nối an toàn");
    expect(c.sessionId).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const replies = await c.repliesTo(() => c.start());
    expect(replies[0]).toContain("không cần cho biết tên");
    expect((await c.lastMenu()).options.map((o) => o.id)).toEqual(["vi", "en"]);
  });

  it("switches to English and answers menu choices typed as numbers, number words and words without diacritics", async () => {
    const c = new WebChatClient(app.url);
    await c.open();
    await c.start();
    await c.say("2"); // English
    expect((await c.lastMenu()).text).toBe("How can I help you?");
    const emergency = await c.repliesTo(() => c.say("four"));
    expect(emergency.join("\n")).toContain("113");
    await c.say("ngon ngu");
    await c.say("tieng viet");
    expect((await c.lastMenu()).text).toBe("Mình có thể giúp gì cho bạn?");
    const topics = await c.repliesTo(() => c.say("mot"));
    expect(topics.at(-1)).toContain("chủ đề");
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

describe("web chat: anonymous intake", () => {
  it("creates a case with a handle from buttons, typed province and ward without diacritics, and a story", async () => {
    const c = await person();
    await c.tap("intake");
    await c.say("con toi"); // subject by words, no diacritics
    await c.say("tai nghien sau cai"); // concern by words
    await c.tap("week");
    const prov = await c.repliesTo(() => c.say("nghe an"));
    expect(prov.join("\n")).toContain("Tỉnh Nghệ An");
    await c.say("Vinh Phu"); // Phường Vinh Phú
    const storyPrompt = await c.lastMenu();
    expect(storyPrompt.text).toContain("kể ngắn gọn");
    await c.say("Con trai tôi đi cai về được 6 tháng thì lại chơi với nhóm bạn cũ.");
    const done = await c.repliesTo(() => c.tap("send"));
    const handle = /#([A-Z2-9]{4})/.exec(done.join("\n"))?.[1];
    expect(handle).toBeDefined();
    const row = await app.db.prisma.case.findUnique({ where: { handle: handle! } });
    expect(row).toMatchObject({ subject: "child", concern: "relapse", urgency: "week", provinceCode: 40, priority: 2, status: "open" });
    expect(row!.wardCode).not.toBeNull();
    const story = await app.db.prisma.message.findMany({ where: { caseId: row!.id, direction: "inbound" } });
    expect(story).toHaveLength(1);
    expect(story[0]!.bodyEnc).not.toContain("cai");

    const status = await c.repliesTo(() => c.say("yeu cau cua toi"));
    expect(status.join("\n")).toContain(`#${handle}`);
    expect(status.join("\n")).toContain("Tái nghiện sau cai");

    // Free text afterwards joins the open case.
    const added = await c.repliesTo(() => c.say("Hôm nay cháu không về nhà."));
    expect(added[0]).toContain(`#${handle}`);
    expect(await app.db.prisma.message.count({ where: { caseId: row!.id, direction: "inbound" } })).toBe(2);
  });

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
  it("sends emergency numbers at once and opens a crisis case from a message without diacritics", async () => {
    const c = await person();
    const replies = await c.repliesTo(() => c.say("con toi dang bi soc thuoc, sui bot mep"));
    expect(replies[0]).toContain("115");
    expect(replies[0]).toContain("113");
    const handle = /#([A-Z2-9]{4})/.exec(replies.join("\n"))![1]!;
    const row = await app.db.prisma.case.findUniqueOrThrow({ where: { handle } });
    expect(row.priority).toBe(0);
    expect(row.dangerFlags).toContain("overdose");
  });

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

describe("web chat: delete my data", () => {
  it("asks to confirm, then removes messages, cases and state", async () => {
    const c = await person();
    await c.say("con toi bi danh dap"); // creates a crisis case
    const personRow = await app.db.prisma.person.findFirstOrThrow({ where: { lookupKey: { not: "" }, cases: { some: {} } }, orderBy: { createdAt: "desc" } });
    await c.say("XOA");
    expect((await c.lastMenu()).options.map((o) => o.id)).toEqual(["yes", "no"]);
    await c.tap("yes");
    expect(await app.db.prisma.person.count({ where: { id: personRow.id } })).toBe(0);
    expect(await app.db.prisma.message.count({ where: { personId: personRow.id } })).toBe(0);
    expect(await app.db.prisma.case.count({ where: { personId: personRow.id } })).toBe(0);
    expect(await c.history()).toEqual([]);
  });

  it("keeps everything when the person says no", async () => {
    const c = await person();
    await c.say("/xoa");
    const kept = await c.repliesTo(() => c.tap("no"));
    expect(kept[0]).toContain("giữ nguyên");
    expect((await c.history()).length).toBeGreaterThan(3);
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

  it("answers a number outside the menu and a stale button", async () => {
    const c = await person();
    const menu = await c.lastMenu();
    expect((await c.repliesTo(() => c.say("9")))[0]).toContain("từ 1 đến 7");
    await c.tap("topics");
    const stale = await c.repliesTo(() => c.post({ clientId: newId(), choice: { optionId: "intake", menuSeq: menu.menuSeq } }));
    expect(stale[0]).toContain("cũ");
  });

  it("ignores a retried message with the same client id", async () => {
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
