// Report periods have Vietnam's local-time (UTC+7) boundaries and their DHIS2 ids.
import { describe, expect, it } from "vitest";
import { reportPeriod } from "../../../../src/core/reports/report-period.ts";
import { isAppError } from "../../../../src/shared/errors/app-error.ts";

const reasonOf = (fn: () => unknown): unknown => {
  try {
    fn();
  } catch (error) {
    return isAppError(error) ? error.details?.reason : error;
  }
  return null;
};

describe("reportPeriod", () => {
  it("starts and ends at local midnight (17:00 UTC the day before)", () => {
    const q3 = reportPeriod({ kind: "quarter", year: 2026, quarter: 3 });
    expect(q3.from.toISOString()).toBe("2026-06-30T17:00:00.000Z");
    expect(q3.to.toISOString()).toBe("2026-09-30T17:00:00.000Z");
    expect([q3.firstDay, q3.lastDay, q3.dhis2]).toEqual(["2026-07-01", "2026-09-30", ["2026Q3"]]);
    const dec = reportPeriod({ kind: "month", year: 2026, month: 12 });
    expect([dec.from.toISOString(), dec.to.toISOString(), dec.dhis2]).toEqual(["2026-11-30T17:00:00.000Z", "2026-12-31T17:00:00.000Z", ["202612"]]);
    const year = reportPeriod({ kind: "year", year: 2026 });
    expect([year.from.toISOString(), year.to.toISOString(), year.dhis2]).toEqual(["2025-12-31T17:00:00.000Z", "2026-12-31T17:00:00.000Z", ["2026"]]);
  });

  it("takes custom whole days, both inclusive; month-aligned ones map to DHIS2 months", () => {
    const nine = reportPeriod({ kind: "custom", from: "2026-01-01", to: "2026-09-30" });
    expect([nine.from.toISOString(), nine.to.toISOString()]).toEqual(["2025-12-31T17:00:00.000Z", "2026-09-30T17:00:00.000Z"]);
    expect(nine.dhis2).toEqual(["202601", "202602", "202603", "202604", "202605", "202606", "202607", "202608", "202609"]);
    const oneDay = reportPeriod({ kind: "custom", from: "2026-11-05", to: "2026-11-05" });
    expect([oneDay.firstDay, oneDay.lastDay, oneDay.dhis2]).toEqual(["2026-11-05", "2026-11-05", []]);
  });

  it("refuses an end before the start, impossible dates and missing values", () => {
    expect(reasonOf(() => reportPeriod({ kind: "custom", from: "2026-09-30", to: "2026-01-01" }))).toBe("end_before_start");
    expect(reasonOf(() => reportPeriod({ kind: "custom", from: "2026-02-30", to: "2026-03-01" }))).toBe("period");
    expect(reasonOf(() => reportPeriod({ kind: "month", year: 2026, month: 13 }))).toBe("period");
    expect(reasonOf(() => reportPeriod({ kind: "quarter", year: 2026 }))).toBe("period");
  });
});
