// Vietnam-time calendar rules of the attendance alerts: quarter edges, ISO weeks, local days, streaks.
import { describe, expect, it } from "vitest";
import { isoWeekOf, localDayStart, quarterOf } from "../../../../src/core/clubs/attendance-time.ts";
import { trailingAbsences } from "../../../../src/core/clubs/run-missed-meetings.ts";

describe("attendance calendar (UTC+7)", () => {
  it("puts an instant in its Vietnam quarter, also across the New Year edge in UTC", () => {
    // 2026-12-31T17:30Z is 00:30 on 1 January 2027 in Vietnam: already Q1 2027.
    expect(quarterOf(new Date("2026-12-31T17:30:00Z"))).toMatchObject({ quarter: 1, year: 2027 });
    expect(quarterOf(new Date("2026-12-31T16:30:00Z"))).toMatchObject({ quarter: 4, year: 2026 });
    const q = quarterOf(new Date("2026-11-30T10:00:00Z"));
    expect(q.from.toISOString()).toBe("2026-09-30T17:00:00.000Z");
    expect(q.to.toISOString()).toBe("2026-12-31T17:00:00.000Z");
  });

  it("names the ISO week in Vietnam time", () => {
    expect(isoWeekOf(new Date("2026-11-30T02:00:00Z"))).toBe("2026-W49"); // Monday
    expect(isoWeekOf(new Date("2026-11-29T16:59:00Z"))).toBe("2026-W48"); // Sunday 23:59 local
    expect(isoWeekOf(new Date("2026-11-29T17:00:00Z"))).toBe("2026-W49"); // Monday 00:00 local
    expect(isoWeekOf(new Date("2027-01-01T05:00:00Z"))).toBe("2026-W53");
  });

  it("starts the local day at 00:00 Vietnam time", () => {
    expect(localDayStart(new Date("2026-11-30T18:00:00Z")).toISOString()).toBe("2026-11-30T17:00:00.000Z");
    expect(localDayStart(new Date("2026-11-30T16:00:00Z")).toISOString()).toBe("2026-11-29T17:00:00.000Z");
  });

  it("finds the trailing run of absences", () => {
    const m = (day: number, present: boolean) => ({ meetingId: `m${day}`, startsAt: new Date(Date.UTC(2026, 0, day)), present });
    expect(trailingAbsences([m(1, false), m(2, true), m(3, false), m(4, false)]).map((x) => x.meetingId)).toEqual(["m3", "m4"]);
    expect(trailingAbsences([m(4, false), m(3, true)]).map((x) => x.meetingId)).toEqual(["m4"]);
    expect(trailingAbsences([m(1, false), m(2, true)])).toEqual([]);
  });
});
