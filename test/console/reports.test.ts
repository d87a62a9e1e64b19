// Reports in the console on seeded facts: exact figures (corrections, UTC+7 boundaries), scope (404),
// a bad period (400, the form again with a kind message), exact CSV and DHIS2 exports, empty periods,
// and an audit row for every export. Facts are recorded directly, as the events will.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { NewFact } from "../../src/core/reports/ports.ts";
import type { ConsoleClient } from "./console-client.ts";
import { startConsoleTest, type ConsoleTest } from "./harness.ts";

let t: ConsoleTest;
beforeAll(async () => {
  t = await startConsoleTest();
});
afterAll(async () => {
  await t?.stop();
});

const HANOI = 1;
const BA_DINH = 4;
const CAO_BANG = 4;
const HCMC = 79;
const Q3 = "kind=quarter&year=2026&quarter=3";
const inQ3 = new Date("2026-08-15T03:00:00Z");

/** The raw bytes of a download (fetch's text() would drop the BOM). */
async function download(c: ConsoleClient, path: string): Promise<{ status: number; bytes: Buffer; type: string | null; disposition: string | null }> {
  const res = await fetch(`${c.baseUrl}${path}`, { headers: { cookie: [...c.cookies].map(([k, v]) => `${k}=${v}`).join("; ") }, redirect: "manual" });
  return {
    status: res.status,
    bytes: Buffer.from(await res.arrayBuffer()),
    type: res.headers.get("content-type"),
    disposition: res.headers.get("content-disposition"),
  };
}

const f = (kind: NewFact["kind"], value: number, dims: NewFact["dims"] = {}, at = inQ3, provinceCode = CAO_BANG): NewFact => ({
  kind,
  at,
  provinceCode,
  wardCode: null,
  dims,
  value,
});

async function seedNineMonth(): Promise<void> {
  await t.stores.facts.record([
    f("meeting.held", 1, { club: "a", clubKind: "family_club" }),
    f("meeting.held", 1, { club: "b", clubKind: "family_club" }),
    f("meeting.held", -1, { club: "b", clubKind: "family_club" }),
    f("meeting.held", 1, { club: "a", clubKind: "family_club" }),
    f("meeting.participants", 12, { club: "a" }),
    f("meeting.participants", 8, { club: "a" }),
    f("meeting.participants", -2, { club: "a" }),
    f("case.opened", 1, { priority: 2, concern: "relapse" }),
    f("case.opened", 1, { priority: 1, concern: "relapse" }),
    f("case.opened", 1, { priority: 2, concern: "drug_use" }),
    // Local midnight boundaries: 30 June 23:59:59 (+07) is Q2; 1 July 00:00 is Q3; 1 October 00:00 is Q4.
    f("case.opened", 1, { priority: 2, concern: "drug_use" }, new Date("2026-06-30T16:59:59Z")),
    f("case.opened", 1, { priority: 2, concern: "drug_use" }, new Date("2026-06-30T17:00:00Z")),
    f("case.opened", 1, { priority: 2, concern: "drug_use" }, new Date("2026-09-30T17:00:00Z")),
    f("referral.status", 1, { kind: "self_help_group", status: "attended", origin: "chat" }),
    f("referral.status", 1, { kind: "methadone", status: "attended", origin: "chat" }),
    f("referral.status", 1, { kind: "methadone", status: "offered", origin: "chat" }),
    f("referral.status", 1, { kind: "loan", status: "attended", origin: "counsellor" }),
    f("referral.status", 1, { kind: "loan", status: "attended", origin: "counsellor" }),
    f("referral.loan_amount", 20_000_000),
    f("referral.loan_amount", 15_000_000),
    f("referral.status", 1, { kind: "job_introduction", status: "contacted", origin: "chat" }),
    f("referral.status", 1, { kind: "job_introduction", status: "attended", origin: "chat" }),
    // Another province: never in Cao Bằng's figures.
    f("case.opened", 1, { priority: 2, concern: "relapse" }, inQ3, HCMC),
  ]);
}

describe("reports console", () => {
  beforeAll(seedNineMonth);

  it("shows a supervisor the figures of their province, with charts, and exports the exact CSV", async () => {
    const { c } = await t.signedIn("supervisor", [CAO_BANG], "/console");
    const page = await c.get(`/console/reports?template=nine-month&province=${CAO_BANG}&${Q3}`);
    expect(page.status).toBe(200);
    expect(page.html).toContain('href="/console/reports"');
    expect(page.html).toMatch(/data-code="NM_OUTREACH"[^]*?data-value="4"/);
    expect(page.html).toMatch(/data-code="NM_LOAN_AMOUNT"[^]*?data-value="35000000"/);
    expect(page.html).toContain("35.000.000 đ");
    expect(page.html).toMatch(/<svg width="100%" role="img" aria-labelledby="[^"]+"[^>]*viewBox="0 0 340 /);
    const csv = await download(c, `/console/reports/export.csv?template=nine-month&province=${CAO_BANG}&${Q3}`);
    expect(csv.status).toBe(200);
    expect(csv.type).toBe("text/csv; charset=utf-8");
    expect(csv.disposition).toBe('attachment; filename="bao-cao-nine-month-04-2026Q3.csv"');
    expect([...csv.bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(csv.bytes.toString("utf8")).toBe(
      "\uFEFF" +
        [
          "code,label,value,period,area",
          'NM_SESSIONS,"Số buổi sinh hoạt, tuyên truyền",2,2026Q3,04',
          "NM_PARTICIPANTS,Lượt người tham gia,18,2026Q3,04",
          "NM_OUTREACH,Lượt tiếp cận tư vấn (yêu cầu nhận được),4,2026Q3,04",
          "NM_AFTERCARE_REQUESTS,Yêu cầu tư vấn về tái nghiện sau cai,2,2026Q3,04",
          "NM_AFTERCARE_SUPPORTED,Lượt người sau cai được giúp đỡ qua dịch vụ,2,2026Q3,04",
          "NM_AFTERCARE_SUPPORTED.methadone,Lượt người sau cai được giúp đỡ qua dịch vụ: Điều trị methadone,1,2026Q3,04",
          "NM_AFTERCARE_SUPPORTED.self_help_group,Lượt người sau cai được giúp đỡ qua dịch vụ: Nhóm tự lực,1,2026Q3,04",
          "NM_LOANS,Số người được giúp vay vốn,2,2026Q3,04",
          "NM_LOAN_AMOUNT,Tổng số tiền vay (đồng),35000000,2026Q3,04",
          "NM_JOB_INTRODUCTIONS,Số người được giới thiệu việc làm,1,2026Q3,04",
          "",
        ].join("\r\n"),
    );
  });

  it("exports the DHIS2 dataValueSets shape with codes, and one value per month for a month-aligned custom period", async () => {
    const { c } = await t.signedIn("admin", [], "/console");
    const q = await download(c, `/console/reports/export.dhis2.json?template=nine-month&province=${CAO_BANG}&${Q3}`);
    expect(q.status).toBe(200);
    expect(JSON.parse(q.bytes.toString("utf8"))).toEqual({
      dataValues: [
        { dataElement: "NM_SESSIONS", period: "2026Q3", orgUnit: "04", value: "2" },
        { dataElement: "NM_PARTICIPANTS", period: "2026Q3", orgUnit: "04", value: "18" },
        { dataElement: "NM_OUTREACH", period: "2026Q3", orgUnit: "04", value: "4" },
        { dataElement: "NM_AFTERCARE_REQUESTS", period: "2026Q3", orgUnit: "04", value: "2" },
        { dataElement: "NM_AFTERCARE_SUPPORTED", period: "2026Q3", orgUnit: "04", value: "2" },
        { dataElement: "NM_LOANS", period: "2026Q3", orgUnit: "04", value: "2" },
        { dataElement: "NM_LOAN_AMOUNT", period: "2026Q3", orgUnit: "04", value: "35000000" },
        { dataElement: "NM_JOB_INTRODUCTIONS", period: "2026Q3", orgUnit: "04", value: "1" },
      ],
    });
    const nine = JSON.parse(
      (
        await download(c, `/console/reports/export.dhis2.json?template=nine-month&province=${CAO_BANG}&kind=custom&from=2026-01-01&to=2026-09-30`)
      ).bytes.toString("utf8"),
    ) as { dataValues: Array<{ dataElement: string; period: string; value: string }> };
    expect(nine.dataValues).toHaveLength(9 * 8);
    const outreach = nine.dataValues.filter((v) => v.dataElement === "NM_OUTREACH").map((v) => [v.period, v.value]);
    expect(outreach).toEqual([
      ["202601", "0"],
      ["202602", "0"],
      ["202603", "0"],
      ["202604", "0"],
      ["202605", "0"],
      ["202606", "1"],
      ["202607", "1"],
      ["202608", "3"],
      ["202609", "0"],
    ]);
    const odd = await c.get(`/console/reports/export.dhis2.json?template=nine-month&province=${CAO_BANG}&kind=custom&from=2026-01-05&to=2026-09-30`);
    expect(odd.status).toBe(400);
    expect(odd.html).toContain("DHIS2 chỉ nhận tháng, quý hoặc năm trọn vẹn.");
  });

  it("computes reply-time percentiles by priority and crisis claims for the general template", async () => {
    const TUYEN_QUANG = 8;
    const at = new Date("2026-11-10T02:00:00Z");
    const g = (kind: NewFact["kind"], value: number, dims: NewFact["dims"] = {}) => f(kind, value, dims, at, TUYEN_QUANG);
    await t.stores.facts.record([
      ...[60, 120, 180, 240, 300, 360, 420, 480, 540, 600].map((s) => g("case.first_reply", s, { priority: 2, concern: "drug_use" })),
      g("case.first_reply", 30, { priority: 0, concern: "drug_use" }),
      g("case.first_reply", 90, { priority: 0, concern: "drug_use" }),
      g("case.opened", 1, { priority: 0, concern: "drug_use" }),
      g("case.opened", 1, { priority: 0, concern: "drug_use" }),
      g("case.crisis_claimed", 45),
      g("case.crisis_claimed", 150),
      g("case.closed", 1, { concern: "drug_use", outcome: "answered" }),
      g("case.closed", -1, { concern: "drug_use", outcome: "answered" }),
      g("case.closed", 1, { concern: "drug_use", outcome: "referred" }),
    ]);
    const { c } = await t.signedIn("supervisor", [TUYEN_QUANG], "/console");
    const csv = (await download(c, `/console/reports/export.csv?template=general&province=${TUYEN_QUANG}&kind=month&year=2026&month=11`)).bytes.toString(
      "utf8",
    );
    const rows = new Map(
      csv
        .slice(1)
        .trim()
        .split("\r\n")
        .map((line) => [line.split(",")[0]!, line.split(",").slice(-3, -2)[0]!] as const),
    );
    expect(Object.fromEntries([...rows].filter(([code]) => /^(REQUESTS|FIRST_REPLY|CRISIS|CASES_CLOSED)/.test(code)))).toEqual({
      REQUESTS_RECEIVED: "2",
      REQUESTS_ANSWERED: "12",
      FIRST_REPLY_P50: "240",
      "FIRST_REPLY_P50.0": "30",
      "FIRST_REPLY_P50.2": "300",
      FIRST_REPLY_P90: "540",
      "FIRST_REPLY_P90.0": "90",
      "FIRST_REPLY_P90.2": "540",
      CRISIS_CASES: "2",
      CRISIS_CLAIMED: "2",
      CRISIS_CLAIM_P50: "45",
      CRISIS_CLAIM_P90: "150",
      CASES_CLOSED_BY_OUTCOME: "1",
      "CASES_CLOSED_BY_OUTCOME.answered": "0",
      "CASES_CLOSED_BY_OUTCOME.referred": "1",
    });
    expect(csv).toContain('FIRST_REPLY_P50.0,"Thời gian đến câu trả lời đầu tiên, trung vị (p50), theo mức ưu tiên: Khẩn cấp",30,202611,08');
  });

  it("exports an empty period as a valid file of zeros", async () => {
    const { c } = await t.signedIn("admin", [], "/console");
    const csv = (await download(c, `/console/reports/export.csv?template=general&province=${HANOI}&ward=${BA_DINH}&kind=year&year=2030`)).bytes.toString(
      "utf8",
    );
    const lines = csv.replace("\uFEFF", "").trim().split("\r\n");
    expect(lines[0]).toBe("code,label,value,period,area");
    expect(lines.slice(1).map((l) => l.split(",").slice(-3).join(","))).toEqual(Array.from({ length: 21 }, () => "0,2030,00004"));
    const json = JSON.parse((await download(c, `/console/reports/export.dhis2.json?template=general&kind=month&year=2030&month=1`)).bytes.toString("utf8")) as {
      dataValues: Array<{ orgUnit: string; value: string }>;
    };
    expect(json.dataValues).toHaveLength(21);
    expect(new Set(json.dataValues.map((v) => `${v.orgUnit}:${v.value}`))).toEqual(new Set(["VN:0"]));
  });

  it("writes who, what and when to the audit trail for every export, with no person data", async () => {
    const { s, c } = await t.signedIn("supervisor", [CAO_BANG], "/console");
    const before = t.clock.now();
    const base = `template=general&province=${CAO_BANG}&${Q3}`;
    expect((await download(c, `/console/reports/export.csv?${base}`)).status).toBe(200);
    expect((await download(c, `/console/reports/export.dhis2.json?${base}`)).status).toBe(200);
    expect((await c.get(`/console/reports/print?${base}`)).status).toBe(200);
    const rows = (await t.stores.audit.list({ limit: 50 })).filter((r) => r.actorId === s.id && r.action === "report.export");
    const after = t.clock.now();
    const seen = rows.map((r) => [r.details, r.caseId, r.targetId, r.at >= before && r.at <= after] as const);
    expect(seen.sort((a, b) => String(a[0].format).localeCompare(String(b[0].format)))).toEqual(
      ["csv", "dhis2", "print"].map((format) => [{ template: "general", format, area: "04", period: "2026Q3" }, null, null, true]),
    );
  });

  it("prints a Vietnamese periodic report with the area, the period and the indicator table", async () => {
    const { c } = await t.signedIn("supervisor", [CAO_BANG], "/console");
    const page = await c.get(`/console/reports/print?template=nine-month&province=${CAO_BANG}&${Q3}&lang=en`);
    expect(page.status).toBe(200);
    expect(page.html).toContain('<html lang="vi">');
    expect(page.html).toContain("<title>BÁO CÁO ĐỊNH KỲ · Tỉnh Cao Bằng · quý 3/2026</title>");
    expect(page.html).toContain("@media print");
    expect(page.html).toContain('<meta name="referrer" content="no-referrer"/><meta name="robots" content="noindex"/>'); // the console's head lines
    expect(page.html).toMatch(/<td>NM_LOANS<\/td><td>Số người được giúp vay vốn<\/td><td class="num">2<\/td>/);
  });

  it("answers 404 outside the viewer's scope and for an unknown template", async () => {
    const { c } = await t.signedIn("supervisor", [CAO_BANG], "/console");
    expect((await c.get(`/console/reports?template=general&province=${HCMC}&${Q3}`)).status).toBe(404);
    expect((await c.get(`/console/reports?template=general&province=${HANOI}&ward=${BA_DINH}&${Q3}`)).status).toBe(404);
    expect((await c.get(`/console/reports?template=general&province=&${Q3}`)).status).toBe(404);
    expect((await c.get(`/console/reports/export.csv?template=general&province=${HCMC}&${Q3}`)).status).toBe(404);
    expect((await c.get(`/console/reports?template=general&province=${CAO_BANG}&ward=${BA_DINH}&${Q3}`)).status).toBe(404);
    expect((await c.get(`/console/reports?template=nope&province=${CAO_BANG}&${Q3}`)).status).toBe(404);
    expect((await c.get(`/console/reports?template=general&province=${CAO_BANG}&${Q3}`)).status).toBe(200);
  });

  it("re-shows the form with a kind message and 400 when the period ends before it starts", async () => {
    const { c } = await t.signedIn("supervisor", [CAO_BANG], "/console");
    const vi = await c.get(`/console/reports?template=general&province=${CAO_BANG}&kind=custom&from=2026-09-30&to=2026-01-01`);
    expect(vi.status).toBe(400);
    expect(vi.html).toContain("Ngày kết thúc đang ở trước ngày bắt đầu.");
    expect(vi.html).toContain('<input id="r-from" name="from" type="date" value="2026-09-30"');
    await c.get("/console?lang=en");
    const en = await c.get(`/console/reports/export.csv?template=general&province=${CAO_BANG}&kind=custom&from=2026-09-30&to=2026-01-01`);
    expect(en.status).toBe(400);
    expect(en.html).toContain("The end date is before the start date.");
  });

  it("tells a supervisor with no province why there is no report", async () => {
    const { c } = await t.signedIn("supervisor", [], "/console");
    const page = await c.get("/console/reports");
    expect(page.status).toBe(200);
    expect(page.html).toContain("Bạn chưa được giao tỉnh, thành phố nào");
  });

  it("is not for counsellors or club leaders (no link, 404)", async () => {
    for (const role of ["counsellor", "club_leader"] as const) {
      const { c } = await t.signedIn(role, [CAO_BANG], "/console");
      const page = await c.get(`/console/reports?template=general&province=${CAO_BANG}&${Q3}`);
      expect([page.status, page.html.includes('href="/console/reports"')]).toEqual([404, false]);
      expect((await download(c, `/console/reports/export.csv?template=general&province=${CAO_BANG}&${Q3}`)).status).toBe(404);
    }
  });
});
