// A new message from the person reopens their recently closed case, which returns to the queue
// (with its audit row).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { WebChatClient } from "../helpers/webchat-client.ts";
import { ConsoleClient } from "./console-client.ts";
import { startConsoleTest, type ConsoleTest } from "./harness.ts";

let t: ConsoleTest;

beforeAll(async () => {
  t = await startConsoleTest();
});
afterAll(async () => {
  await t?.stop();
});

describe("reopen", () => {
  it("reopens a closed case when the person writes again, and audits it", async () => {
    const person = new WebChatClient(t.app.url);
    await person.open();
    await person.start();
    await person.tap("vi");
    await person.say("Tôi lo cho chồng tôi dạo này hay đi đêm");
    await person.tap("intake_from_text");
    for (const id of ["spouse", "drug_use", "info", "skip", "send"]) await person.tap(id);
    const row = await t.app.db.prisma.case.findFirstOrThrow({ where: { status: "open", provinceCode: null }, orderBy: { createdAt: "desc" } });

    const s = await t.staff("counsellor", []);
    const c = new ConsoleClient(t.url);
    await c.login(s.email, s.password);
    await c.get(`/console/cases/${row.handle}`);
    await c.post(`/console/cases/${row.handle}/claim`);
    expect((await c.post(`/console/cases/${row.handle}/close`, { outcome: "answered" })).location).toContain("ok=closed");
    expect((await c.get("/console")).html).not.toContain(`#${row.handle}`);

    const replies = await person.repliesTo(() => person.say("Chồng tôi lại đi cả đêm qua"));
    expect(replies.join("\n")).toContain(`#${row.handle}`);
    expect(await t.app.db.prisma.case.findUniqueOrThrow({ where: { id: row.id } })).toMatchObject({ status: "open", outcome: null, closedAt: null });
    expect((await c.get("/console")).html).toContain(`#${row.handle}`);
    expect(await t.app.db.prisma.consoleAudit.count({ where: { caseId: row.id, action: "case.reopen" } })).toBe(1);
    const page = await c.get(`/console/cases/${row.handle}`);
    expect(page.html).toContain("Chồng tôi lại đi cả đêm qua");
  });

  it("a danger message reopens the closed case as a crisis instead of opening a second one", async () => {
    const person = new WebChatClient(t.app.url);
    await person.open();
    await person.start();
    await person.tap("vi");
    await person.say("Tôi muốn hỏi về con tôi");
    await person.tap("intake_from_text");
    for (const id of ["child", "drug_use", "info", "skip", "send"]) await person.tap(id);
    const row = await t.app.db.prisma.case.findFirstOrThrow({ where: { status: "open" }, orderBy: { createdAt: "desc" } });
    const admin = await t.staff("admin");
    const c = new ConsoleClient(t.url);
    await c.login(admin.email, admin.password);
    await c.get(`/console/cases/${row.handle}`);
    await c.post(`/console/cases/${row.handle}/close`, { outcome: "no_response" });
    const replies = await person.repliesTo(() => person.say("nó nói muốn tự tử"));
    expect(replies[0]).toContain("115");
    const after = await t.app.db.prisma.case.findUniqueOrThrow({ where: { id: row.id } });
    expect(after).toMatchObject({ status: "open", priority: 0 });
    expect(after.dangerFlags).toContain("suicide");
    expect(await t.app.db.prisma.case.count({ where: { personId: row.personId } })).toBe(1);
  });
});
