// The live case page and the queue's helpers: a "case" event when the person writes, the live part
// with the new message marked, unread marks in the queue, filters, and the fair order after a follow-up
// and after a counsellor's reply (through the real web chat).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { WAIT_CEILING_MS } from "../helpers/wait.ts";
import { startConsoleTest, webchatRequest, type ConsoleTest } from "./harness.ts";
import { sseReader } from "./sse-reader.ts";

let t: ConsoleTest;

beforeAll(async () => {
  t = await startConsoleTest();
});
afterAll(async () => {
  await t?.stop();
});

/** A person on the web chat files a request in Nghệ An (province 40). */
const webchatCase = (story: string) => webchatRequest(t.app.url, { taps: ["child", "relapse", "week"], province: "nghe an", ward: "Vinh Phu", story });

const positions = (html: string, handles: string[]) => handles.map((h) => html.indexOf(`data-handle="${h}"`));

describe("live case page", () => {
  it("announces a new message on the case's stream; the live part shows it marked new, only after an audited view", async () => {
    const { person, handle } = await webchatCase("Con tôi lại đi với nhóm cũ.");
    const { s, c } = await t.signedIn("counsellor", [40]);
    const cookie = `kna_staff=${c.cookies.get("kna_staff")}`;
    // Not opened yet: the live part is refused (no unaudited reading).
    expect((await c.get(`/console/cases/${handle}/live`)).status).toBe(404);
    const page = await c.get(`/console/cases/${handle}`);
    expect(page.html).toContain('<script src="/console/case.js" defer=""></script>');
    expect(page.html).toContain('<a href="#text" class="button" id="jump-reply">Trả lời</a>');
    const after = /data-after="([^"]+)"/.exec(page.html)![1]!;

    const ac = new AbortController();
    const res = await fetch(`${t.url}/console/events?case=${handle}`, { headers: { cookie }, signal: ac.signal });
    const events = sseReader(res);
    try {
      expect(await events((n) => n.includes("ready"), WAIT_CEILING_MS)).toContain("ready");
      await person.say("Anh chị ơi, tôi vẫn đang chờ.");
      expect(await events((n) => n.includes("case"), WAIT_CEILING_MS)).toContain("case");
    } finally {
      ac.abort();
    }
    const live = await c.get(`/console/cases/${handle}/live?after=${encodeURIComponent(after)}`);
    expect(live.status).toBe(200);
    expect(live.html.startsWith('<div id="case-live"')).toBe(true);
    expect(live.html).toMatch(
      /<li class="in person unread"[^>]*><span class="who"><span class="badge new">Mới<\/span> Người gửi · <time[^>]*>[^<]*<\/time><\/span>Anh chị ơi, tôi vẫn đang chờ\.<\/li>/,
    );
    expect(live.html).toMatch(/<li class="in person"[^>]*><span class="who">Người gửi · <time[^>]*>[^<]*<\/time><\/span>Con tôi lại đi với nhóm cũ\.<\/li>/);
    // Viewing the page was audited once; the live fetch was not another view.
    expect(await t.app.db.prisma.consoleAudit.count({ where: { action: "case.view", actorId: s.id } })).toBe(1);

    // Someone without the case in their areas gets 404 for the stream and the live part.
    const { c: other } = await t.signedIn("counsellor", [1]);
    expect((await other.get(`/console/events?case=${handle}`)).status).toBe(404);
    expect((await other.get(`/console/cases/${handle}/live`)).status).toBe(404);
  });

  it("marks cases unread in the queue until opened, and again when the person writes", async () => {
    const kase = await t.caseFor({ provinceCode: 33 });
    const { c } = await t.signedIn("supervisor", [33]);
    const unread = (html: string) => new RegExp(`data-handle="${kase.handle}"[^>]*data-unread="1"`).test(html);
    expect(unread((await c.get("/console")).html)).toBe(true);
    await c.get(`/console/cases/${kase.handle}`);
    expect(unread((await c.get("/console")).html)).toBe(false);
    t.clock.advance(60_000);
    try {
      await t.stores.cases.notePersonMessage(kase.id, t.clock.now());
      expect(unread((await c.get("/console")).html)).toBe(true);
    } finally {
      t.clock.advance(-60_000);
    }
  });
});

describe("queue filters", () => {
  it("filters by priority, concern, area, holder and handle; unknown values are ignored", async () => {
    const crisis = await t.caseFor({ provinceCode: 22, priority: 0, concern: "violence" });
    const normal = await t.caseFor({ provinceCode: 24, priority: 2, concern: "hiv" });
    const { s, c } = await t.signedIn("supervisor", [22, 24]);
    await t.stores.cases.claimCase(normal.id, s.id, new Date());
    const shows = async (query: string) => {
      const html = (await c.get(`/console?${query}`)).html;
      return [crisis, normal].filter((k) => html.includes(`data-handle="${k.handle}"`)).map((k) => k.handle);
    };
    expect(await shows("")).toEqual([crisis.handle, normal.handle]);
    expect(await shows("priority=crisis")).toEqual([crisis.handle]);
    expect(await shows("concern=hiv")).toEqual([normal.handle]);
    expect(await shows("area=22")).toEqual([crisis.handle]);
    expect(await shows("holder=mine")).toEqual([normal.handle]);
    expect(await shows("holder=unclaimed")).toEqual([crisis.handle]);
    expect(await shows(`q=%23${crisis.handle.toLowerCase()}`)).toEqual([crisis.handle]);
    expect(await shows("priority=bogus&area=x&q=<script>")).toEqual([crisis.handle, normal.handle]);
    const page = await c.get("/console?priority=crisis&q=%23AB");
    expect(page.html).toContain('<option value="crisis" selected="">Khẩn cấp</option>');
    expect(page.html).toContain('value="AB"');
    expect(page.html).toContain('<a href="/console">Bỏ lọc</a>');
  });
});

describe("fair queue", () => {
  it("keeps a person's place after a follow-up; a counsellor's reply moves them after those still waiting", async () => {
    const first = await webchatCase("Con tôi tái nghiện, tôi rất lo.");
    t.clock.advance(0);
    const second = await webchatCase("Chồng tôi lại dùng ma túy.");
    const { c } = await t.signedIn("supervisor", [40]);
    const order = async () => positions((await c.get("/console?area=40")).html, [first.handle, second.handle]);
    const [a, b] = await order();
    expect(a).toBeGreaterThan(-1);
    expect(a).toBeLessThan(b!);

    await first.person.say("Tôi vẫn đang chờ ạ.");
    await expect
      .poll(
        async () =>
          (await t.stores.cases.findCaseByHandle(first.handle))!.lastPersonMessageAt >
          (await t.stores.cases.findCaseByHandle(second.handle))!.lastPersonMessageAt,
        { timeout: WAIT_CEILING_MS },
      )
      .toBe(true);
    const [a2, b2] = await order();
    expect(a2).toBeLessThan(b2!);

    await c.get(`/console/cases/${first.handle}`);
    expect((await c.post(`/console/cases/${first.handle}/reply`, { text: "Chào chị, tôi đã đọc tin của chị." })).status).toBe(303);
    expect((await t.stores.cases.findCaseByHandle(first.handle))!.waitingSince).toBeNull();
    const [a3, b3] = await order();
    expect(a3).toBeGreaterThan(b3!);
    expect((await c.get("/console?area=40")).html).toContain("Đã được trả lời, đang chờ người gửi");
  });
});
