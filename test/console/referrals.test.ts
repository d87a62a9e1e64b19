// Referrals from a case page: search the directory, send services with a personal note through the bot,
// the person accepts one in the web chat, the panel shows statuses with their history, a counsellor
// records the outcome; other provinces' staff get 404.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadSampleDirectory } from "../helpers/referral-directory.ts";
import { startConsoleTest, webchatRequest, type ConsoleTest } from "./harness.ts";

let t: ConsoleTest;

beforeAll(async () => {
  t = await startConsoleTest();
  await loadSampleDirectory(t.stores);
});
afterAll(async () => {
  await t?.stop();
});

const webchatCase = () => webchatRequest(t.app.url, { taps: ["self", "trafficking", "week"], province: "nghe an" });

const panel = (html: string) => /<section class="card" aria-labelledby="referrals" id="referrals-panel">[\s\S]*?<\/section>/.exec(html)![0];

describe("referrals from a case", () => {
  it("sends services with a note through the bot; the person accepts one; the panel shows statuses and history", async () => {
    const { person, handle } = await webchatCase();
    const { s, c } = await t.signedIn("counsellor", [40]);
    const page = await c.get(`/console/cases/${handle}`);
    expect(panel(page.html)).toContain("Chưa có chuyển gửi nào.");

    const search = await c.get(`/console/cases/${handle}/refer?kind=shelter`);
    expect(search.status).toBe(200);
    expect(search.html).toContain("Nhà tạm lánh cho phụ nữ");
    expect(search.html).not.toContain("Trợ giúp pháp lý miễn phí");
    const legal = await c.get(`/console/cases/${handle}/refer?kind=legal_aid`);
    expect(legal.html).not.toContain("Trợ giúp pháp lý miễn phí"); // a Hà Nội service, not for Nghệ An
    const ids = await t.app.db.prisma.directoryService.findMany({ where: { code: { in: ["SAMPLE-NA-05", "SAMPLE-VN-01"] } }, orderBy: { code: "asc" } });
    const before = await person.lastSeq();
    const sent = await c.post(`/console/cases/${handle}/refer`, { serviceIds: ids.map((x) => x.id), note: "Chị gọi số này nhé" });
    expect(sent.status).toBe(303);
    expect(sent.location).toBe(`/console/cases/${handle}?ok=saved`);

    const offer = await person.botMessages(before);
    expect(offer.map((m) => m.text).join("\n")).toContain('"Chị gọi số này nhé"');
    expect(offer.map((m) => m.text).join("\n")).toContain("tư vấn viên sẽ chia sẻ riêng");
    const menu = await person.lastMenu();
    expect(menu.options.map((o) => o.id)).toEqual(["accept0", "accept1", "decline"]);
    expect((await person.repliesTo(() => person.tap("accept0")))[0]).toMatch(/giữ kín địa chỉ/);

    let html = panel((await c.get(`/console/cases/${handle}`)).html);
    expect(html).toMatch(/data-status="accepted"/);
    expect(html).toMatch(/data-status="offered"/);
    expect(html).toContain(s.displayName);
    const accepted = (await t.app.db.prisma.referral.findFirstOrThrow({ where: { status: "accepted", case: { handle } } })).id;
    expect((await c.post(`/console/cases/${handle}/referrals/${accepted}/status`, { status: "attended" })).status).toBe(303);
    html = panel((await c.get(`/console/cases/${handle}`)).html);
    expect(html).toMatch(/data-status="attended"/);
    expect(html).toMatch(/Đã được giúp · counsellor \d+/);
    const audit = await t.app.db.prisma.consoleAudit.findMany({ where: { action: { startsWith: "referral." } }, select: { action: true } });
    expect(audit.map((a) => a.action).sort()).toEqual(["referral.offer", "referral.status"]);
  });

  it("is 404 for staff of other provinces, and refuses more than 3 services or none", async () => {
    const { handle } = await webchatCase();
    const { c: other } = await t.signedIn("counsellor", [1]);
    expect((await other.get(`/console/cases/${handle}/refer`)).status).toBe(404);
    expect((await other.post(`/console/cases/${handle}/refer`, { serviceIds: [] })).status).toBe(404);
    const { c } = await t.signedIn("supervisor", [40]);
    await c.get(`/console/cases/${handle}`);
    const none = await c.post(`/console/cases/${handle}/refer`, { note: "x" });
    expect(none.location).toBe(`/console/cases/${handle}?err=invalid_input`);
  });
});
