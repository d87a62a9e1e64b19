// The referral directory in the console: CSV import (all or nothing, with a report naming rows and
// columns; BOM and Windows-1258 files), list filters and the 180-day flag, the form, deactivation,
// CSV and HSDS exports, and who may do what.
import fs from "node:fs";
import iconv from "iconv-lite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startConsoleTest, type ConsoleTest } from "./harness.ts";

let t: ConsoleTest;
const SAMPLE = fs.readFileSync(new URL("../../scripts/sample-directory.csv", import.meta.url));
const HEADER = SAMPLE.toString("utf8").split("\n")[0]!;
const count = () => t.app.db.prisma.directoryService.count();

beforeAll(async () => {
  t = await startConsoleTest();
});
afterAll(async () => {
  await t?.stop();
});

const signedIn = async (role: "admin" | "supervisor" | "counsellor", areas: number[] = []) => (await t.signedIn(role, areas, "/console/directory")).c;

const csv = (...rows: string[]) => new TextEncoder().encode([HEADER, ...rows].join("\n"));
const row = (code: string, over: Partial<Record<"name" | "area_scope" | "area_codes" | "province_code" | "ward_code", string>> = {}) =>
  `${code},Org ${code},,${over.name ?? `Nhóm ${code}`},self_help_group,Mô tả,Desc,,,,free,,vi,no,active,yes,,0900,,Addr,${over.province_code ?? "40"},${over.ward_code ?? ""},,,${over.area_scope ?? "province"},${over.area_codes ?? "40"},,2026-11-01`;

/** How Windows-1258 spells Vietnamese: precomposed base letters (â, ơ…) followed by a combining tone mark. */
const asCp1258 = (text: string) =>
  [...text.normalize("NFC")]
    .map((ch) => {
      const parts = ch.normalize("NFD");
      const tone = parts.match(/[\u0300\u0301\u0303\u0309\u0323]/)?.[0] ?? "";
      return parts.replace(tone, "").normalize("NFC") + tone;
    })
    .join("");

describe("CSV import", () => {
  it("imports the sample directory, lists it with the 180-day flag, and re-importing updates by code", async () => {
    const admin = await signedIn("admin");
    const page = await admin.upload("/console/directory/import", { name: "sample.csv", bytes: SAMPLE }, { sample: "1" });
    expect(page.status).toBe(200);
    expect(page.html).toContain('id="import-done"');
    expect(page.html).toMatch(/9 new, 0 updated|9 mới, 0 cập nhật/);
    const list = await admin.get("/console/directory?lang=en");
    expect(list.html).toContain("SAMPLE DATA");
    const stale = /<tr data-code="SAMPLE-VN-02">[\s\S]*?<\/tr>/.exec(list.html)![0];
    expect(stale).toContain("confirm again");
    const fresh = /<tr data-code="SAMPLE-NA-01">[\s\S]*?<\/tr>/.exec(list.html)![0];
    expect(fresh).not.toContain("confirm again");
    const onlyStale = await admin.get("/console/directory?unconfirmed=1");
    expect(onlyStale.html).toContain("SAMPLE-VN-02");
    expect(onlyStale.html).not.toContain("SAMPLE-NA-01");
    const shelters = await admin.get("/console/directory?kind=shelter");
    expect(shelters.html).toContain("SAMPLE-NA-05");
    expect(shelters.html).not.toContain("SAMPLE-NA-01");
    const again = await admin.upload("/console/directory/import", { name: "sample.csv", bytes: SAMPLE });
    expect(again.html).toMatch(/0 new, 9 updated|0 mới, 9 cập nhật/);
  });

  it("refuses a whole file with a report naming each row and column: bad area, duplicate, missing value", async () => {
    const admin = await signedIn("admin");
    const before = await count();
    const file = csv(row("BAD-1"), row("BAD-2", { area_codes: "999" }), row("BAD-1"), row("BAD-3", { name: "" }), row("BAD-4", { ward_code: "25747" }));
    const page = await admin.upload("/console/directory/import?lang=en", { name: "bad.csv", bytes: file });
    expect(page.status).toBe(422);
    const report = /<table id="import-report">[\s\S]*<\/table>/.exec(page.html)![0];
    const cells = [...report.matchAll(/<tr><td>(\d+)<\/td><td>([^<]*)<\/td>/g)].map((m) => `${m[1]}:${m[2]}`);
    expect(cells).toEqual(["3:area_codes", "4:service_code", "5:name", "6:ward_code"]);
    expect(report).toContain("row 2");
    expect(await count()).toBe(before);
  });

  it("refuses a wrong header and a broken UTF-8 file; reads UTF-8 with a BOM and Windows-1258", async () => {
    const admin = await signedIn("admin");
    const before = await count();
    const wrong = new TextEncoder().encode("code,org,name\nA,B,C\n");
    const header = await admin.upload("/console/directory/import", { name: "h.csv", bytes: wrong });
    expect(header.status).toBe(422);
    expect(header.html).toMatch(/<td>1<\/td><td>service_code<\/td>/);
    const broken = Buffer.concat([
      Buffer.from(`${HEADER}\n`),
      Buffer.from(row("ENC-1", { name: "Nh\u00f3m" })).subarray(0, 20),
      Buffer.from([0xff, 0xfe]),
      Buffer.from(row("ENC-1").slice(20)),
    ]);
    const page = await admin.upload("/console/directory/import", { name: "b.csv", bytes: broken }, { encoding: "utf-8" });
    expect(page.status).toBe(422);
    expect(page.html).toMatch(/<td>2<\/td><td>name<\/td>/);
    expect(await count()).toBe(before);

    const bom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(csv(row("BOM-1", { name: "Nhóm Đồng hành" })))]);
    expect((await admin.upload("/console/directory/import", { name: "bom.csv", bytes: bom })).status).toBe(200);
    const win = iconv.encode(asCp1258(new TextDecoder().decode(csv(row("WIN-1", { name: "Câu lạc bộ Tự lực Vinh" })))), "windows-1258");
    expect((await admin.upload("/console/directory/import", { name: "win.csv", bytes: win })).status).toBe(200);
    const saved = await t.app.db.prisma.directoryService.findUniqueOrThrow({ where: { code: "WIN-1" } });
    expect(saved.name).toBe("Câu lạc bộ Tự lực Vinh".normalize("NFC"));
    expect((await t.app.db.prisma.directoryService.findUniqueOrThrow({ where: { code: "BOM-1" } })).name).toBe("Nhóm Đồng hành");
  });
});

describe("exports, form and access", () => {
  it("exports CSV that imports again unchanged, and HSDS JSON without confidential addresses", async () => {
    const admin = await signedIn("admin");
    const exported = await fetch(`${t.url}/console/directory/export.csv?q=SAMPLE`, {
      headers: { cookie: [...admin.cookies].map(([k, v]) => `${k}=${v}`).join("; ") },
    });
    const bytes = new Uint8Array(await exported.arrayBuffer());
    expect(bytes.slice(0, 3)).toEqual(new Uint8Array([0xef, 0xbb, 0xbf]));
    const again = await admin.upload("/console/directory/import", { name: "e.csv", bytes });
    expect(again.html).toMatch(/0 new, 9 updated|0 mới, 9 cập nhật/);
    const json = (await admin.get("/console/directory/export.json?kind=shelter")).html;
    const hsds = JSON.parse(json) as {
      hsds_version: string;
      organizations: Array<{ services: Array<{ service_at_locations: Array<{ location: { addresses: unknown[] } }> }> }>;
    };
    expect(hsds.hsds_version).toBe("3.0");
    expect(hsds.organizations[0]!.services[0]!.service_at_locations[0]!.location.addresses).toEqual([]);
  });

  it("creates, edits and deactivates through the form; supervisors only in their provinces; counsellors read only", async () => {
    const sup = await signedIn("supervisor", [40]);
    const fields = {
      service_code: "FORM-1",
      organization: "Org F",
      name: "Nhóm F",
      kind: "family_club",
      area_scope: "province",
      area_codes: "40",
      status: "active",
    };
    const outside = await sup.post("/console/directory", { ...fields, area_codes: "1" });
    expect(outside.status).toBe(422);
    expect(outside.html).toContain("area_codes");
    const created = await sup.post("/console/directory", fields);
    expect(created.status).toBe(303);
    const id = created.location!.split("/").pop()!.split("?")[0]!;
    expect((await sup.post(`/console/directory/${id}`, { ...fields, name: "Nhóm F2" })).status).toBe(303);
    expect((await sup.post(`/console/directory/${id}/deactivate`)).status).toBe(303);
    const row = await t.app.db.prisma.directoryService.findUniqueOrThrow({ where: { id } });
    expect([row.name, row.status]).toEqual(["Nhóm F2", "inactive"]);
    const national = await t.app.db.prisma.directoryService.findUniqueOrThrow({ where: { code: "SAMPLE-VN-01" } });
    expect((await sup.post(`/console/directory/${national.id}/deactivate`)).status).toBe(404);

    const counsellor = await signedIn("counsellor", [40]);
    expect((await counsellor.get("/console/directory")).status).toBe(200);
    expect((await counsellor.get("/console/directory/import")).status).toBe(404);
    expect((await counsellor.post("/console/directory", fields)).status).toBe(404);
  });
});
