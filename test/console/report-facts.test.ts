// Report facts (issue 13) recorded through the real operations — the web chat, the console, the core
// operations the jobs and flows call — with exact values; repeats count once; erasing a person and the
// retention purge leave every figure as it was.
import { parse } from "csv-parse/sync";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openCase } from "../../src/core/cases/open-case.ts";
import { composeBroadcast, startBroadcast } from "../../src/core/broadcasts/broadcasts.ts";
import { fanOutBroadcast } from "../../src/core/broadcasts/fan-out-broadcast.ts";
import { recordAttendance } from "../../src/core/clubs/record-attendance.ts";
import type { FactKind, ReportFact } from "../../src/core/ports.ts";
import { runRetention } from "../../src/core/retention/run-retention.ts";
import { readHistory } from "../../src/channels/webchat/history.ts";
import { createTranslator } from "../../src/shared/i18n/index.ts";
import { silentLogger } from "../../src/shared/logging/logger.ts";
import { clubFixtures, sealerOf } from "../helpers/club-fixtures.ts";
import { clockAtLocalHour, loadSampleDirectory } from "../helpers/referral-directory.ts";
import { waitUntil } from "../helpers/wait.ts";
import { WebChatClient } from "../helpers/webchat-client.ts";
import { startConsoleTest, webchatRequest, type ConsoleTest } from "./harness.ts";

const DAY = 86_400_000;
const NGHE_AN = 40;
let t: ConsoleTest;

beforeAll(async () => {
  // Frozen: the seconds a fact measures (first reply, crisis claim) are exactly what the test advanced.
  t = await startConsoleTest({ clock: clockAtLocalHour(10).freeze() });
  await loadSampleDirectory(t.stores);
});
afterAll(async () => {
  await t?.stop();
});

const ALL_KINDS: FactKind[] = [
  "case.opened",
  "case.first_reply",
  "case.crisis_claimed",
  "case.closed",
  "referral.status",
  "referral.loan_amount",
  "followup.answered",
  "meeting.held",
  "meeting.participants",
  "broadcast.delivered",
];
const facts = (kinds: FactKind[] = ALL_KINDS): Promise<ReportFact[]> => t.stores.facts.list({ kinds, from: new Date(0), to: new Date(Date.UTC(2100, 0, 1)) });
const sum = async (kind: FactKind, dims: Record<string, unknown> = {}): Promise<number> =>
  (await facts([kind])).filter((f) => Object.entries(dims).every(([k, v]) => f.dims[k] === v)).reduce((n, f) => n + f.value, 0);
/** Every indicator: the sum of each kind by its dims, as a stable object (what a report would publish). */
async function indicators(): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const f of await facts()) {
    const key = `${f.kind} ${f.provinceCode ?? "-"} ${JSON.stringify(Object.entries(f.dims).sort())}`;
    out[key] = (out[key] ?? 0) + f.value;
  }
  return out;
}

/**
 * What a supervisor would publish: both shipped templates (every indicator, p50/p90 and clubs that did not
 * meet included) as the console's CSV export for the whole country, 2025 to 2029 (the longest period allowed).
 */
async function published(): Promise<Record<string, string>> {
  const { c } = await t.signedIn("admin", []);
  const out: Record<string, string> = {};
  for (const template of ["general", "nine-month"]) {
    const res = await fetch(`${c.baseUrl}/console/reports/export.csv?template=${template}&kind=custom&from=2025-01-01&to=2029-12-31`, {
      headers: { cookie: [...c.cookies].map(([k, v]) => `${k}=${v}`).join("; ") },
    });
    expect(res.status).toBe(200);
    out[template] = await res.text();
  }
  return out;
}
/** An export's figures by indicator code (breakdowns as CODE.value). */
const figures = (csv: string): Record<string, number> =>
  Object.fromEntries((parse(csv.replace(/^\uFEFF/, ""), { columns: true }) as Array<{ code: string; value: string }>).map((r) => [r.code, Number(r.value)]));

const caseRow = (handle: string) => t.app.db.prisma.case.findUniqueOrThrow({ where: { handle } });

describe("case facts", () => {
  it("opened, first reply (seconds, once), closed and reopened (−1 with the same dims) through the web chat and the console", async () => {
    const { person, handle } = await webchatRequest(t.app.url, {
      taps: ["child", "relapse", "week"],
      province: "nghe an",
      ward: "Vinh Phu",
      story: "Con tôi tái nghiện",
    });
    const kase = await caseRow(handle);
    const opened = (await facts(["case.opened"])).filter((f) => f.dims.concern === "relapse");
    expect(opened).toEqual([
      {
        kind: "case.opened",
        at: kase.createdAt,
        provinceCode: NGHE_AN,
        wardCode: kase.wardCode,
        dims: { priority: 2, concern: "relapse", subject: "child", channel: "webchat" },
        value: 1,
      },
    ]);
    expect(kase.wardCode).not.toBeNull();

    const { c } = await t.signedIn("counsellor", [NGHE_AN]);
    t.clock.advance(90_000);
    expect((await c.post(`/console/cases/${handle}/reply`, { text: "Chào chị" })).status).toBe(303);
    t.clock.advance(60_000);
    expect((await c.post(`/console/cases/${handle}/reply`, { text: "Chị cần gì thêm?" })).status).toBe(303);
    expect((await facts(["case.first_reply"])).map((f) => [f.value, f.dims, f.provinceCode])).toEqual([[90, { priority: 2, concern: "relapse" }, NGHE_AN]]);

    expect((await c.post(`/console/cases/${handle}/close`, { outcome: "answered" })).location).toBe(`/console/cases/${handle}?ok=closed`);
    expect((await c.post(`/console/cases/${handle}/close`, { outcome: "answered" })).location).toContain("err=");
    expect(await sum("case.closed", { outcome: "answered" })).toBe(1);

    t.clock.advance(30 * 60_000);
    await person.tap("menu"); // leave the services offered after the request
    await person.repliesTo(() => person.say("Tôi muốn hỏi thêm")); // within 30 days: the case comes back
    expect((await caseRow(handle)).status).toBe("open");
    expect(await sum("case.closed", { outcome: "answered", concern: "relapse" })).toBe(0);
    expect((await facts(["case.closed"])).map((f) => f.value)).toEqual([1, -1]);
    const count = (await facts()).length;
    await person.repliesTo(() => person.say("Thêm một tin nữa")); // an ordinary message in an open case records nothing
    expect((await facts()).length).toBe(count);
    expect((await c.post(`/console/cases/${handle}/close`, { outcome: "referred" })).status).toBe(303);
    expect(await sum("case.closed", { outcome: "referred" })).toBe(1);
    expect(await sum("case.closed")).toBe(1);
    t.clock.advance(60_000);
    await c.post(`/console/cases/${handle}/reply`, { text: "x" }).catch(() => undefined); // closed: refused, no fact
    expect((await facts(["case.first_reply"])).length).toBe(1);
  });

  it("a crisis case's first claim records how long the crisis waited, once", async () => {
    const { person } = await t.stores.people.findOrCreatePerson({ channel: "webchat", externalId: `crisis-${Date.now()}`, locale: "vi" });
    const created = await openCase(
      { stores: t.stores, clock: t.clock },
      {
        case: {
          personId: person.id,
          subject: "self",
          concern: "violence",
          urgency: "now",
          provinceCode: NGHE_AN,
          wardCode: null,
          priority: 0,
          dangerFlags: ["violence"],
          locale: "vi",
          channel: "webchat",
        },
        messageIds: [],
      },
    );
    expect(await sum("case.opened", { priority: 0, concern: "violence" })).toBe(1);
    t.clock.advance(120_000);
    const { c } = await t.signedIn("counsellor", [NGHE_AN]);
    expect((await c.post(`/console/cases/${created.handle}/claim`)).status).toBe(303);
    expect((await c.post(`/console/cases/${created.handle}/release`)).status).toBe(303);
    t.clock.advance(60_000);
    const other = await t.signedIn("counsellor", [NGHE_AN]);
    expect((await other.c.post(`/console/cases/${created.handle}/claim`)).status).toBe(303);
    expect((await facts(["case.crisis_claimed"])).map((f) => [f.value, f.dims, f.provinceCode])).toEqual([[120, { concern: "violence" }, NGHE_AN]]);
  });
});

describe("referral facts", () => {
  it("every status entry with the directory's kind, origin and reason; a loan amount once, validated kindly", async () => {
    const { person, handle } = await webchatRequest(t.app.url, { taps: ["self", "drug_use", "week"], province: "nghe an" });
    const { c } = await t.signedIn("counsellor", [NGHE_AN]);
    const loan = await t.app.db.prisma.directoryService.findFirstOrThrow({ where: { code: "SAMPLE-NA-04" } });
    expect((await c.post(`/console/cases/${handle}/refer`, { serviceIds: [loan.id], note: "" })).status).toBe(303);
    await person.repliesTo(() => person.tap("accept0"));
    const referral = await t.app.db.prisma.referral.findFirstOrThrow({ where: { case: { handle } } });
    // The follow-up question, answered "not yet"; asked again without a new attempt, a second answer is not counted.
    for (const _ of [1, 2]) {
      await t.app.engine.startTurn({ personId: referral.personId, flow: "referral_follow_up", params: { referralId: referral.id } });
      await person.repliesTo(() => person.tap("not_yet"));
      t.clock.advance(1000);
    }
    expect((await facts(["followup.answered"])).map((f) => [f.dims, f.provinceCode, f.value])).toEqual([
      [{ about: "referral", answer: "not_yet" }, NGHE_AN, 1],
    ]);
    const path = `/console/cases/${handle}/referrals/${referral.id}/status`;
    expect((await c.post(path, { status: "attended", loanAmount: "-5" })).location).toBe(`/console/cases/${handle}?err=loan_amount`);
    expect((await c.get(`/console/cases/${handle}?err=loan_amount`)).html).toContain("Số tiền vay phải là số nguyên dương");
    expect((await c.post(path, { status: "contacted" })).status).toBe(303);
    expect((await c.post(path, { status: "attended", loanAmount: "15.000.000" })).status).toBe(303);
    expect((await c.post(path, { status: "attended", loanAmount: "20000000" })).status).toBe(303); // one amount per referral

    const statuses = (await facts(["referral.status"])).map((f) => [f.dims.status, f.dims.kind, f.dims.origin, f.dims.reason, f.provinceCode]);
    expect(statuses).toEqual([
      ["offered", "loan", "counsellor", null, NGHE_AN],
      ["accepted", "loan", "counsellor", null, NGHE_AN],
      ["accepted", "loan", "counsellor", "not_yet", NGHE_AN],
      ["contacted", "loan", "counsellor", null, NGHE_AN],
      ["attended", "loan", "counsellor", null, NGHE_AN], // marked attended twice: one referral got there
    ]);
    expect((await facts(["referral.loan_amount"])).map((f) => [f.value, f.dims, f.provinceCode])).toEqual([[15_000_000, { kind: "loan" }, NGHE_AN]]);
  });
});

describe("meeting facts", () => {
  it("held ±1 and participants by the difference; a repeated record adds nothing", async () => {
    const sealer = sealerOf(t.app.env);
    const fx = clubFixtures(t.app.db.prisma, sealer);
    const clubId = await fx.club({ provinceCode: NGHE_AN, wardCode: 16_681 });
    const people = await Promise.all(
      [1, 2, 3].map(
        async (i) => (await t.stores.people.findOrCreatePerson({ channel: "webchat", externalId: `club-${i}-${Date.now()}`, locale: "vi" })).person,
      ),
    );
    for (const p of people) await fx.member(clubId, p.id);
    const meetingId = await fx.meeting(clubId, { startsAt: new Date(t.clock.now().getTime() - 3_600_000) });
    const meeting = (await t.stores.attendance.getAttendanceMeeting(meetingId))!;
    const staff = await t.staff("admin");
    const d = { stores: t.stores, clock: t.clock };
    const lines = people.map((p, i) => ({ personId: p.id, present: i < 2 }));
    const held = (total?: string) => ({ outcome: "held", walkIns: "3", lines, ...(total ? { participantsTotal: total } : {}) });

    expect((await recordAttendance(d, { staff, meeting, form: held() })).problems).toEqual([]);
    expect([await sum("meeting.held", { club: clubId }), await sum("meeting.participants", { club: clubId })]).toEqual([1, 5]);
    await recordAttendance(d, { staff, meeting, form: held() }); // the same record again
    await recordAttendance(d, { staff, meeting, form: held("9") }); // a recount
    expect([await sum("meeting.held", { club: clubId }), await sum("meeting.participants", { club: clubId })]).toEqual([1, 9]);
    expect((await facts(["meeting.participants"])).map((f) => f.value)).toEqual([5, 4]);
    await recordAttendance(d, { staff, meeting, form: { outcome: "not_held", reason: "weather" } });
    expect([await sum("meeting.held", { club: clubId }), await sum("meeting.participants", { club: clubId })]).toEqual([0, 0]);
    await recordAttendance(d, { staff, meeting, form: held("7") });
    const all = await facts(["meeting.held", "meeting.participants"]);
    expect(all.every((f) => f.at.getTime() === meeting.startsAt.getTime() && f.provinceCode === NGHE_AN && f.wardCode === 16_681)).toBe(true);
    expect(all.every((f) => f.dims.clubKind === "family_club")).toBe(true);
    expect([await sum("meeting.held"), await sum("meeting.participants")]).toEqual([1, 7]);
  });
});

describe("follow-up facts", () => {
  it("a club check-in answer counts once per person and meeting, placed in the club's area", async () => {
    const fx = clubFixtures(t.app.db.prisma, sealerOf(t.app.env));
    const clubId = await fx.club({ provinceCode: NGHE_AN, wardCode: 16_681 });
    const person = new WebChatClient(t.app.url);
    await person.open();
    await person.start();
    await person.tap("vi");
    const row = await t.app.db.prisma.person.findFirstOrThrow({ where: { channel: "webchat" }, orderBy: { createdAt: "desc" } });
    await fx.member(clubId, row.id);
    const meetingId = await fx.meeting(clubId, { startsAt: new Date(t.clock.now().getTime() - 2 * 3_600_000), checkInEnabled: true });
    for (const answer of ["yes", "no"]) {
      await t.app.engine.startTurn({ personId: row.id, flow: "club_check_in", params: { meetingId } });
      await person.repliesTo(() => person.tap(answer));
    }
    const answered = (await facts(["followup.answered"])).filter((f) => f.dims.about === "club");
    expect(answered.map((f) => [f.dims, f.provinceCode, f.wardCode, f.value])).toEqual([[{ about: "club", answer: "yes" }, NGHE_AN, 16_681, 1]]);
  });
});

describe("broadcast facts", () => {
  it("one fact per message actually sent, placed in the club's area; a repeated settle counts once", async () => {
    const sealer = sealerOf(t.app.env);
    const fx = clubFixtures(t.app.db.prisma, sealer);
    const clubId = await fx.club({ provinceCode: NGHE_AN });
    for (const i of [1, 2, 3]) {
      const { person } = await t.stores.people.findOrCreatePerson({ channel: "webchat", externalId: `bc-${i}-${Date.now()}`, locale: "vi" });
      await fx.member(clubId, person.id);
    }
    const admin = await t.staff("admin");
    const d = { stores: t.stores, clock: t.clock };
    const b = await composeBroadcast(d, { staff: admin, input: { audience: "club", clubId, bodyVi: "Họp CLB tối nay", bodyEn: "Club meeting tonight" } });
    const fanOut = { stores: t.stores, clock: t.clock, logger: silentLogger(), translator: createTranslator(), enqueueMany: t.app.engine.enqueueMany };
    await startBroadcast({ ...d, fanOut: async (id) => void (await fanOutBroadcast(fanOut, id)) }, { staff: admin, id: b.id });
    const delivered = async () => sum("broadcast.delivered", { club: clubId });
    await waitUntil(async () => (await delivered()) === 3, { what: "three broadcast deliveries", intervalMs: 50 });
    const rows = (await facts(["broadcast.delivered"])).filter((f) => f.dims.club === clubId);
    expect(rows.map((f) => [f.dims.audience, f.dims.channel, f.provinceCode, f.value])).toEqual(Array(3).fill(["club", "webchat", NGHE_AN, 1]));
    const sent = await t.app.db.prisma.message.findMany({ where: { idempotencyKey: { startsWith: `broadcast:${b.id}:` } }, select: { id: true } });
    expect(sent).toHaveLength(3);
    await t.stores.messages.settleSends(sent.map((m) => ({ id: m.id, status: "sent" as const }))); // a retried settle
    expect(await delivered()).toBe(3);
  });
});

describe("erasure and retention leave every figure as it was", () => {
  it("erasing a person keeps the facts and nothing else that names them", async () => {
    const { handle } = await webchatRequest(t.app.url, { taps: ["self", "hiv", "week"], province: "nghe an" });
    const kase = await caseRow(handle);
    const { c } = await t.signedIn("counsellor", [NGHE_AN]);
    await c.post(`/console/cases/${handle}/reply`, { text: "Chào bạn" });
    await c.post(`/console/cases/${handle}/notes`, { text: "ghi chú riêng" });
    await c.post(`/console/cases/${handle}/close`, { outcome: "answered" });
    const jobs = [
      await t.app.jobs.send("notify-urgent-case", { caseId: kase.id, priority: 1 }),
      await t.app.jobs.send("notify-urgent-case", { caseId: kase.id, priority: 0 }),
    ];
    const prisma = t.app.db.prisma;
    const state = async (id: string | null) =>
      (await prisma.$queryRawUnsafe<Array<{ state: string }>>(`SELECT state::text FROM pgboss.job WHERE id = $1::uuid`, id))[0]?.state;
    await waitUntil(async () => (await state(jobs[0]!)) === "completed" && (await state(jobs[1]!)) === "completed", { what: "both jobs done", intervalMs: 50 });
    // The second one waits (as a job queued for later would): erasure deletes it rather than emptying it.
    await prisma.$executeRawUnsafe(
      `UPDATE pgboss.job SET state = 'created', start_after = now() + interval '1 day', completed_on = NULL WHERE id = $1::uuid`,
      jobs[1],
    );
    const namesCase = () => prisma.$queryRawUnsafe<Array<{ n: number }>>(`SELECT count(*)::int AS n FROM pgboss.job WHERE data->>'caseId' = $1`, kase.id);
    expect((await namesCase())[0]!.n).toBe(2);
    const before = await indicators();
    const reports = await published();
    // The history of this file so far, every indicator of both templates exactly: 4 requests (relapse, a
    // violence crisis, drug use, and this HIV one), 2 answered (after 90 s and at once), 2 closed (a close,
    // a reopen −1, a close again; this one); the crisis claimed after 120 s; one loan referral offered,
    // accepted (then "not yet"), contacted, attended twice (one referral), 15,000,000 VND; one meeting
    // recounted 5 → 9 → not held → 7; two of the three clubs never met; 3 broadcast deliveries; 2 answers.
    expect(figures(reports.general!)).toEqual({
      REQUESTS_RECEIVED: 4,
      REQUESTS_ANSWERED: 2,
      FIRST_REPLY_P50: 0,
      "FIRST_REPLY_P50.2": 0,
      FIRST_REPLY_P90: 90,
      "FIRST_REPLY_P90.2": 90,
      CASES_BY_CONCERN: 4,
      "CASES_BY_CONCERN.drug_use": 1,
      "CASES_BY_CONCERN.hiv": 1,
      "CASES_BY_CONCERN.relapse": 1,
      "CASES_BY_CONCERN.violence": 1,
      CASES_CLOSED_BY_OUTCOME: 2,
      "CASES_CLOSED_BY_OUTCOME.answered": 1,
      "CASES_CLOSED_BY_OUTCOME.referred": 1,
      CRISIS_CASES: 1,
      CRISIS_CLAIMED: 1,
      CRISIS_CLAIM_P50: 120,
      CRISIS_CLAIM_P90: 120,
      REFERRALS_OFFERED: 1,
      REFERRALS_ATTENDED: 1,
      REFERRALS_OFFERED_BY_KIND: 1,
      "REFERRALS_OFFERED_BY_KIND.loan": 1,
      REFERRALS_BY_STATUS: 5,
      "REFERRALS_BY_STATUS.accepted": 2,
      "REFERRALS_BY_STATUS.attended": 1,
      "REFERRALS_BY_STATUS.contacted": 1,
      "REFERRALS_BY_STATUS.offered": 1,
      REFERRALS_FAILED_BY_REASON: 0,
      MEETINGS_HELD: 1,
      MEETING_PARTICIPANTS: 7,
      CLUBS_MET: 1,
      CLUBS_NOT_MET: 2,
      BROADCAST_REACHED: 3,
      "BROADCAST_REACHED.club": 3,
      FOLLOWUPS_ANSWERED: 2,
      "FOLLOWUPS_ANSWERED.club": 1,
      "FOLLOWUPS_ANSWERED.referral": 1,
    });
    expect(figures(reports["nine-month"]!)).toEqual({
      NM_SESSIONS: 1,
      NM_PARTICIPANTS: 7,
      NM_OUTREACH: 4,
      NM_AFTERCARE_REQUESTS: 1,
      NM_AFTERCARE_SUPPORTED: 0,
      NM_LOANS: 1,
      NM_LOAN_AMOUNT: 15_000_000,
      NM_JOB_INTRODUCTIONS: 0,
    });

    await t.stores.people.deletePersonData(kase.personId);

    expect(await indicators()).toEqual(before);
    expect(await published()).toEqual(reports);
    expect((await namesCase())[0]!.n).toBe(0);
    expect([await state(jobs[0]!), await state(jobs[1]!)]).toEqual(["completed", undefined]);
    const audit = await t.app.db.prisma.consoleAudit.findMany({ where: { caseId: kase.id } });
    expect(audit.length).toBeGreaterThan(0);
    for (const a of audit) expect(Object.keys(a.details as object).filter((k) => k === "messageId" || k === "noteId")).toEqual([]);
    expect(await t.app.db.prisma.case.count({ where: { id: kase.id } })).toBe(0);
    expect(await t.app.db.prisma.message.count({ where: { personId: kase.personId } })).toBe(0);
    expect(await t.app.db.prisma.referral.count({ where: { personId: kase.personId } })).toBe(0);
  });

  it("retention: old closed cases lose bodies and notes (marker shown), recent and open ones keep theirs; exact counts; twice removes 0", async () => {
    const old = await webchatRequest(t.app.url, { taps: ["self", "sex_work", "week"], province: "nghe an", story: "chuyện cũ" });
    const openOld = await webchatRequest(t.app.url, { taps: ["self", "trafficking", "week"], province: "nghe an", story: "vẫn đang mở" });
    const { c } = await t.signedIn("supervisor", [NGHE_AN]);
    await c.post(`/console/cases/${old.handle}/notes`, { text: "ghi chú cũ" });
    const loan = await t.app.db.prisma.directoryService.findFirstOrThrow({ where: { code: "SAMPLE-NA-04" } });
    expect((await c.post(`/console/cases/${old.handle}/refer`, { serviceIds: [loan.id], note: "lời nhắn chuyển gửi" })).status).toBe(303);
    await c.post(`/console/cases/${old.handle}/close`, { outcome: "answered" });
    t.clock.advance(181 * DAY);
    const recent = await webchatRequest(t.app.url, { taps: ["self", "violence", "week"], province: "nghe an", story: "chuyện mới" });
    const { c: later } = await t.signedIn("supervisor", [NGHE_AN]); // the first sign-in expired meanwhile
    expect((await later.post(`/console/cases/${recent.handle}/close`, { outcome: "answered" })).location).toContain("ok=closed");
    // Expired access rows, counted exactly: 2 sessions, 2 tokens (one used, one expired), 3 failed sign-ins.
    const prisma = t.app.db.prisma;
    await prisma.staffToken.deleteMany({});
    await prisma.loginFailure.deleteMany({});
    await prisma.webChatReturn.deleteMany({});
    const staff = await t.staff("admin");
    const now = t.clock.now();
    const ago = (ms: number) => new Date(now.getTime() - ms);
    for (const [i, expiresAt] of [ago(1000), ago(DAY), new Date(now.getTime() + DAY)].entries())
      await prisma.staffSession.create({ data: { tokenHash: `s-${i}-${Date.now()}`, staffId: staff.id, expiresAt } });
    await prisma.staffToken.create({ data: { tokenHash: `t1-${Date.now()}`, kind: "reset", staffId: staff.id, expiresAt: ago(1000) } });
    await prisma.staffToken.create({
      data: { tokenHash: `t2-${Date.now()}`, kind: "reset", staffId: staff.id, expiresAt: new Date(now.getTime() + DAY), usedAt: ago(10) },
    });
    await prisma.staffToken.create({ data: { tokenHash: `t3-${Date.now()}`, kind: "reset", staffId: staff.id, expiresAt: new Date(now.getTime() + DAY) } });
    for (const at of [ago(2 * DAY), ago(3 * DAY), ago(DAY + 1000), ago(1000)])
      await prisma.loginFailure.create({ data: { account: "x@example.org", ip: "1", createdAt: at } });
    const oldPerson = (await caseRow(openOld.handle)).personId;
    await prisma.webChatReturn.create({ data: { personId: oldPerson, codeHash: "h", createdAt: ago(181 * DAY) } });
    const oldCase = await caseRow(old.handle);
    expect(await prisma.message.count({ where: { caseId: oldCase.id } })).toBeGreaterThan(0);
    const closedLongAgo = { status: "closed" as const, closedAt: { lt: new Date(now.getTime() - 180 * DAY) } };
    const oldMessages = await prisma.message.count({ where: { case: closedLongAgo } }); // this case's and the earlier tests' closed ones
    const oldNotes = await prisma.caseNote.count({ where: { case: closedLongAgo } });
    expect(oldNotes).toBe(1);
    const expiredSessions = await prisma.staffSession.count({ where: { expiresAt: { lt: now } } }); // ours, and the earlier tests' (181 days ago)
    expect(expiredSessions).toBeGreaterThanOrEqual(2);
    const before = await indicators();
    const reports = await published();

    const first = await runRetention({ retention: t.stores.retention, clock: t.clock }, { days: 180, batch: 2 });
    expect(first).toEqual({
      messages: oldMessages,
      notes: oldNotes,
      referralNotes: 1,
      sessions: expiredSessions,
      staffTokens: 2,
      loginFailures: 3,
      returnCodes: 1,
      sendBudget: expect.any(Number),
    });
    const second = await runRetention({ retention: t.stores.retention, clock: t.clock }, { days: 180, batch: 2 });
    expect({ ...second, sendBudget: 0 }).toEqual({
      messages: 0,
      notes: 0,
      referralNotes: 0,
      sessions: 0,
      staffTokens: 0,
      loginFailures: 0,
      returnCodes: 0,
      sendBudget: 0,
    });
    expect(await indicators()).toEqual(before);

    const reader = later;
    // The nightly job runs the same purge through pg-boss (payload checked): nothing left to remove.
    await expect(t.app.jobs.send("retention", { days: 0 })).rejects.toThrow();
    const job = await t.app.jobs.send("retention", { days: 180 });
    await waitUntil(
      async () =>
        (await prisma.$queryRawUnsafe<Array<{ state: string }>>(`SELECT state::text FROM pgboss.job WHERE id = $1::uuid`, job))[0]?.state === "completed",
      {
        what: "the retention job",
        intervalMs: 50,
      },
    );
    expect(await indicators()).toEqual(before);
    expect(await published()).toEqual(reports);
    const page = (await reader.get(`/console/cases/${old.handle}`)).html;
    expect(page).toContain("[đã xoá sau 180 ngày]");
    expect(page).not.toContain("chuyện cũ");
    expect(page).not.toContain("ghi chú cũ");
    expect(page).not.toContain("lời nhắn chuyển gửi");
    expect((await reader.get(`/console/cases/${recent.handle}`)).html).toContain("chuyện mới");
    const stillOpen = (await reader.get(`/console/cases/${openOld.handle}`)).html;
    expect(stillOpen).toContain("vẫn đang mở");
    expect(stillOpen).not.toContain("đã xoá sau");
    // The person's own web chat history shows the marker too (read as the page reads it).
    const person = (await t.stores.people.getPerson(oldCase.personId))!;
    const stores = { people: { ...t.stores.people, findPerson: async () => person }, messages: t.stores.messages };
    const texts = (await readHistory(stores, "unused", 0, createTranslator().t)).map((i) => ("text" in i.body ? i.body.text : ""));
    expect(texts.join("\n")).toContain("[đã xoá sau 180 ngày]");
    expect(texts.join("\n")).not.toContain("chuyện cũ");
  });
});
