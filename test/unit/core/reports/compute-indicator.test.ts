// Indicator arithmetic on facts: sums with negative corrections, counts, nearest-rank p50/p90,
// breakdowns, distinct clubs and clubs that did not meet.
import { describe, expect, it } from "vitest";
import { computeIndicator, percentile } from "../../../../src/core/reports/compute-indicator.ts";
import type { FactKind, ReportFact } from "../../../../src/core/reports/ports.ts";
import type { Indicator } from "../../../../src/core/reports/template-schema.ts";

const at = new Date("2026-08-01T00:00:00Z");
const fact = (kind: FactKind, value: number, dims: ReportFact["dims"] = {}): ReportFact => ({ kind, at, provinceCode: 1, wardCode: null, dims, value });
const ind = (query: Indicator["query"]): Indicator => ({ code: "X", labels: { vi: "x", en: "x" }, unit: "count", query });

describe("computeIndicator", () => {
  it("sums values so a correction of −1 cancels its fact, per breakdown value too", () => {
    const facts = [
      fact("case.closed", 1, { concern: "drug_use", outcome: "answered" }),
      fact("case.closed", 1, { concern: "drug_use", outcome: "referred" }),
      fact("case.closed", -1, { concern: "drug_use", outcome: "answered" }),
      fact("case.closed", 1, { concern: "hiv", outcome: "answered" }),
    ];
    const v = computeIndicator(ind({ kind: "case.closed", measure: "sum", by: "outcome" }), facts, []);
    expect(v.total).toBe(2);
    expect(v.breakdown).toEqual([
      { key: "answered", value: 1 },
      { key: "referred", value: 1 },
    ]);
  });

  it("takes nearest-rank percentiles by priority, with numeric keys in order", () => {
    const secs = [10, 20, 30, 40, 50, 60, 70, 80, 90, 100];
    const facts = [
      ...secs.map((s) => fact("case.first_reply", s, { priority: 2 })),
      fact("case.first_reply", 7, { priority: 0 }),
      fact("case.first_reply", 3, { priority: 0 }),
    ];
    expect(percentile(secs, 0.5)).toBe(50);
    expect(percentile(secs, 0.9)).toBe(90);
    expect(percentile([], 0.5)).toBe(0);
    const p90 = computeIndicator(ind({ kind: "case.first_reply", measure: "p90", by: "priority" }), facts, []);
    expect(p90.breakdown).toEqual([
      { key: "0", value: 7 },
      { key: "2", value: 90 },
    ]);
    expect(p90.total).toBe(90);
    expect(computeIndicator(ind({ kind: "case.first_reply", measure: "count" }), facts, []).total).toBe(12);
  });

  it("filters on a value or a list of values", () => {
    const facts = [
      fact("referral.status", 1, { kind: "loan", status: "attended" }),
      fact("referral.status", 1, { kind: "loan", status: "offered" }),
      fact("referral.status", 1, { kind: "job_introduction", status: "attended" }),
      fact("referral.status", 1, { kind: "rehab", status: "attended" }),
    ];
    expect(
      computeIndicator(ind({ kind: "referral.status", measure: "sum", where: { status: "attended", serviceKind: ["loan", "job_introduction"] } }), facts, [])
        .total,
    ).toBe(2);
  });

  it("counts clubs that met (a withdrawn mark cancels) and lists the active ones that did not", () => {
    const facts = [fact("meeting.held", 1, { club: "a" }), fact("meeting.held", 1, { club: "b" }), fact("meeting.held", -1, { club: "b" })];
    const clubs = [
      { id: "a", name: "CLB A", kind: "family_club" },
      { id: "b", name: "CLB B", kind: "family_club" },
      { id: "c", name: "CLB C", kind: "youth_group" },
    ];
    expect(computeIndicator(ind({ kind: "meeting.held", measure: "distinct", of: "club" }), facts, clubs).total).toBe(1);
    const quiet = computeIndicator(ind({ kind: "meeting.held", measure: "clubs_without_meeting" }), facts, clubs);
    expect([quiet.total, quiet.clubs]).toEqual([2, ["CLB B", "CLB C"]]);
  });
});
