// Case work over HTTP: areas (404 outside them), queue order, next, claim, reply reaching the
// person's web chat, escaping, notes, ready answers, transfer, close and the audit trail.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ConsoleClient } from "./console-client.ts";
import { startConsoleTest, webchatRequest, type ConsoleTest } from "./harness.ts";

let t: ConsoleTest;

beforeAll(async () => {
  t = await startConsoleTest();
});
afterAll(async () => {
  await t?.stop();
});

/** A person on the web chat files a request in Nghệ An (province 40) with the given story. */
const webchatCase = (story: string) => webchatRequest(t.app.url, { taps: ["child", "relapse", "week"], province: "nghe an", ward: "Vinh Phu", story });

describe("areas", () => {
  it("shows counsellors their provinces plus cases without one, supervisors their provinces, admins all; others are 404", async () => {
    const nghean = await t.caseFor({ provinceCode: 40 });
    const hanoi = await t.caseFor({ provinceCode: 1 });
    const nowhere = await t.caseFor({ provinceCode: null });
    const { c: counsellor } = await t.signedIn("counsellor", [1]);
    const queue = await counsellor.get("/console");
    expect(queue.html).toContain(`#${hanoi.handle}`);
    expect(queue.html).toContain(`#${nowhere.handle}`);
    expect(queue.html).not.toContain(`#${nghean.handle}`);
    expect((await counsellor.get(`/console/cases/${hanoi.handle}`)).status).toBe(200);
    const hidden = await counsellor.get(`/console/cases/${nghean.handle}`);
    expect(hidden.status).toBe(404);
    expect((await counsellor.get("/console/cases/ZZZZ")).status).toBe(404);
    expect((await counsellor.post(`/console/cases/${nghean.handle}/claim`)).status).toBe(404);
    expect((await counsellor.post(`/console/cases/${nghean.handle}/reply`, { text: "hi" })).status).toBe(404);
    expect(await t.app.db.prisma.caseAssignment.count({ where: { caseId: nghean.id } })).toBe(0);

    const { c: supervisor } = await t.signedIn("supervisor", [1]);
    expect((await supervisor.get(`/console/cases/${hanoi.handle}`)).status).toBe(200);
    expect((await supervisor.get(`/console/cases/${nowhere.handle}`)).status).toBe(404);
    expect((await supervisor.get(`/console/cases/${nghean.handle}`)).status).toBe(404);

    const { c: admin } = await t.signedIn("admin");
    for (const k of [nghean, hanoi, nowhere]) expect((await admin.get(`/console/cases/${k.handle}`)).status).toBe(200);
  });
});

describe("queue", () => {
  it("orders by priority, then by waiting time; 'next' takes the most urgent unclaimed case", async () => {
    const normal60 = await t.caseFor({ provinceCode: 79, priority: 2, waitingMinutes: 60 });
    const crisis5 = await t.caseFor({ provinceCode: 79, priority: 0, waitingMinutes: 5 });
    const high30 = await t.caseFor({ provinceCode: 79, priority: 1, waitingMinutes: 30 });
    const normal120 = await t.caseFor({ provinceCode: 79, priority: 2, waitingMinutes: 120 });
    const high90 = await t.caseFor({ provinceCode: 79, priority: 1, waitingMinutes: 90, concern: "trafficking" });
    const { c } = await t.signedIn("supervisor", [79]);
    const page = await c.get("/console");
    const order = [crisis5, high90, high30, normal120, normal60].map((k) => page.html.indexOf(`#${k.handle}`));
    expect(order.every((i) => i > 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(page.html).toContain("Khẩn cấp");
    expect(page.html).toContain("Mua bán người");
    expect(page.html).toContain("Hồ Chí Minh");
    expect(page.html).toContain("1 giờ 30 phút");
    expect(page.html).toContain('http-equiv="refresh"');

    const first = await c.post("/console/next");
    expect(first.location).toBe(`/console/cases/${crisis5.handle}?ok=claimed`);
    const { c: other } = await t.signedIn("supervisor", [79]);
    expect((await other.post("/console/next")).location).toBe(`/console/cases/${high90.handle}?ok=claimed`);
    const claimed = await t.app.db.prisma.consoleAudit.findFirstOrThrow({ where: { caseId: crisis5.id, action: "case.claim" } });
    expect(claimed.details).toEqual({ via: "next" });
    // A claimed case cannot be claimed by someone else.
    expect((await other.post(`/console/cases/${crisis5.handle}/claim`)).location).toBe(`/console/cases/${crisis5.handle}?err=held_by_other`);
  });

  it("switches to English and remembers it", async () => {
    const { c } = await t.signedIn("counsellor", [1]);
    const en = await c.get("/console?lang=en");
    expect(en.html).toContain('<html lang="en">');
    expect(en.html).toContain("Take the next case");
    expect((await c.get("/console")).html).toContain('<html lang="en">');
  });
});

describe("a case from the web chat", () => {
  it("claim, reply reaches the person's chat signed as the service, notes, close with an outcome, audit", async () => {
    const { person, handle } = await webchatCase("<script>alert('x')</script> Con tôi lại dùng ma túy & bỏ nhà đi.");
    const { s, c } = await t.signedIn("counsellor", [40]);
    const page = await c.get(`/console/cases/${handle}`);
    expect(page.status).toBe(200);
    expect(page.html).toContain("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;");
    expect(page.html).not.toContain("<script>alert");
    expect(page.html).toContain("Tái nghiện sau cai");
    expect(page.html).toContain("Vinh Phú");

    expect((await c.post(`/console/cases/${handle}/claim`)).location).toBe(`/console/cases/${handle}?ok=claimed`);
    const before = await person.lastSeq();
    const sent = await c.post(`/console/cases/${handle}/reply`, { text: "Chào chị, <b>em</b> ở đây để nghe chị." });
    expect(sent.location).toBe(`/console/cases/${handle}?ok=replied`);
    const got = (await person.history(before)).filter((i) => i.direction === "outbound");
    expect(got).toHaveLength(1);
    expect(got[0]!.author).toBe("counsellor");
    expect(got[0]!.body).toEqual({ kind: "text", text: "Tư vấn viên: Chào chị, <b>em</b> ở đây để nghe chị." });
    expect(JSON.stringify(got[0]!.body)).not.toContain(s.displayName);

    const after = await c.get(`/console/cases/${handle}?ok=replied`);
    expect(after.html).toContain("Đã gửi câu trả lời.");
    expect(after.html).toContain("Tư vấn viên: Chào chị, &lt;b&gt;em&lt;/b&gt;");
    expect(after.html).toMatch(/· đã gửi/);

    await c.post(`/console/cases/${handle}/notes`, { text: "Gợi ý nhóm tự lực ở Vinh <i>" });
    const withNote = await c.get(`/console/cases/${handle}`);
    expect(withNote.html).toContain("Gợi ý nhóm tự lực ở Vinh &lt;i&gt;");
    const note = await t.app.db.prisma.caseNote.findFirstOrThrow({ where: { case: { handle } } });
    expect(note.bodyEnc).not.toContain("Vinh");
    expect(withNote.html).not.toContain("Nhật ký truy cập"); // counsellors do not read the audit trail

    expect((await c.post(`/console/cases/${handle}/close`, { outcome: "maybe" })).location).toBe(`/console/cases/${handle}?err=invalid_input`);
    expect((await c.post(`/console/cases/${handle}/close`, { outcome: "referred" })).location).toBe(`/console/cases/${handle}?ok=closed`);
    const row = await t.app.db.prisma.case.findUniqueOrThrow({ where: { handle } });
    expect(row).toMatchObject({ status: "closed", outcome: "referred" });
    expect(row.closedAt).not.toBeNull();
    expect((await c.post(`/console/cases/${handle}/reply`, { text: "còn đó không?" })).location).toBe(`/console/cases/${handle}?err=closed`);
    expect((await c.get("/console")).html).not.toContain(`#${handle}`);

    const actions = (await t.app.db.prisma.consoleAudit.findMany({ where: { caseId: row.id, actorId: s.id }, orderBy: { at: "asc" } })).map((a) => a.action);
    for (const a of ["case.view", "case.claim", "case.reply", "case.note", "case.close"]) expect(actions).toContain(a);
    const reply = await t.app.db.prisma.consoleAudit.findFirstOrThrow({ where: { caseId: row.id, action: "case.reply" } });
    expect(JSON.stringify(reply.details)).not.toContain("Chào");

    const { c: supervisor } = await t.signedIn("supervisor", [40]);
    const trail = await supervisor.get(`/console/cases/${handle}`);
    expect(trail.html).toContain("Nhật ký truy cập");
    expect(trail.html).toContain(s.displayName);
    expect(trail.html).toContain("Đóng ca (Đã giới thiệu dịch vụ)");
  });
});

describe("holding, transfer and ready answers", () => {
  it("transfers to a colleague in the case's area only; others cannot act on a held case; release", async () => {
    const kase = await t.caseFor({ provinceCode: 1 });
    const { c: x } = await t.signedIn("counsellor", [1]);
    const y = await t.staff("counsellor", [1]);
    const z = await t.staff("counsellor", [40]);
    await x.get(`/console/cases/${kase.handle}`);
    await x.post(`/console/cases/${kase.handle}/claim`);
    const page = await x.get(`/console/cases/${kase.handle}`);
    expect(page.html).toContain(`value="${y.id}"`);
    expect(page.html).not.toContain(`value="${z.id}"`);
    expect((await x.post(`/console/cases/${kase.handle}/transfer`, { to: z.id })).location).toBe(`/console/cases/${kase.handle}?err=bad_target`);
    expect((await x.post(`/console/cases/${kase.handle}/transfer`, { to: y.id })).location).toBe(`/console/cases/${kase.handle}?ok=transferred`);
    expect((await t.app.db.prisma.caseAssignment.findUniqueOrThrow({ where: { caseId: kase.id } })).staffId).toBe(y.id);
    expect(await t.app.db.prisma.consoleAudit.count({ where: { caseId: kase.id, action: "case.transfer", targetId: y.id } })).toBe(1);

    // x no longer holds it: no reply, no close.
    await x.get(`/console/cases/${kase.handle}`);
    expect((await x.post(`/console/cases/${kase.handle}/reply`, { text: "hello" })).location).toBe(`/console/cases/${kase.handle}?err=held_by_other`);
    expect((await x.post(`/console/cases/${kase.handle}/close`, { outcome: "answered" })).location).toBe(`/console/cases/${kase.handle}?err=held_by_other`);

    const yc = new ConsoleClient(t.url);
    await yc.login(y.email, y.password);
    await yc.get(`/console/cases/${kase.handle}`);
    expect((await yc.post(`/console/cases/${kase.handle}/release`)).location).toBe(`/console/cases/${kase.handle}?ok=released`);
    expect(await t.app.db.prisma.caseAssignment.count({ where: { caseId: kase.id } })).toBe(0);
  });

  it("admins manage ready answers; counsellors start a reply from one in the case's language", async () => {
    const { c: admin } = await t.signedIn("admin");
    await admin.get("/console/replies");
    await admin.post("/console/replies", { locale: "vi", title: "Chào hỏi riêng", body: "Chào anh/chị, cảm ơn đã tin tưởng <3" });
    await admin.post("/console/replies", { locale: "en", title: "Greeting", body: "Hello, thank you for writing." });
    const row = await t.app.db.prisma.cannedReply.findFirstOrThrow({ where: { title: "Chào hỏi riêng" } });
    const kase = await t.caseFor({ provinceCode: 1 });
    const { c } = await t.signedIn("counsellor", [1]);
    const page = await c.get(`/console/cases/${kase.handle}`);
    expect(page.html).toContain("Chào hỏi riêng");
    expect(page.html).not.toContain("Hello, thank you for writing.");
    // case.js inserts it without a reload: the text travels with the option, escaped.
    expect(page.html).toContain(`<option value="${row.id}" data-body="Chào anh/chị, cảm ơn đã tin tưởng &lt;3">Chào hỏi riêng</option>`);
    expect(page.html).toContain('id="ready-search"');
    const filled = await c.get(`/console/cases/${kase.handle}?use=${row.id}`);
    expect(filled.html).toContain("Chào anh/chị, cảm ơn đã tin tưởng &lt;3</textarea>");
    expect((await c.get("/console/replies")).status).toBe(404);
    await admin.get("/console/replies");
    await admin.post(`/console/replies/${row.id}/delete`);
    expect(await t.app.db.prisma.cannedReply.count({ where: { id: row.id } })).toBe(0);
  });

  it("warns when the person is unreachable, and the admin's audit log links the case", async () => {
    const kase = await t.caseFor({ provinceCode: 1 });
    await t.app.stores.people.updatePerson(kase.person.id, { reachable: false });
    const { c: admin } = await t.signedIn("admin");
    const page = await admin.get(`/console/cases/${kase.handle}`);
    expect(page.html).toContain("Người gửi đã chặn hoặc rời khỏi kênh trò chuyện");
    const log = await admin.get("/console/audit");
    expect(log.html).toContain(`<a href="/console/cases/${kase.handle}">#${kase.handle}</a>`);
    expect(log.html).toContain("Xem ca");
  });
});
