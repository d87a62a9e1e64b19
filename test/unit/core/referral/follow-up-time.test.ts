// Follow-up timing: never in the quiet hours (21:00–07:00 in Viet Nam, UTC+7), moved to the next morning.
import { describe, expect, it } from "vitest";
import { followUpAt, isQuiet, outsideQuietHours } from "../../../../src/core/referral/follow-up-time.ts";

/** A UTC instant for a Viet Nam local date and time. */
const vn = (day: number, hour: number, minute = 0) => new Date(Date.UTC(2026, 11, day, hour - 7, minute));

describe("quiet hours", () => {
  it("are 21:00 to 07:00 local time", () => {
    expect([20, 21, 23, 0, 6, 7, 12].map((h) => isQuiet(vn(10, h)))).toEqual([false, true, true, true, true, false, false]);
    expect(isQuiet(vn(10, 20, 59))).toBe(false);
    expect(isQuiet(vn(10, 6, 59))).toBe(true);
  });

  it("move a time in the evening to the next morning and one after midnight to the same morning", () => {
    expect(outsideQuietHours(vn(10, 22, 30))).toEqual(vn(11, 7));
    expect(outsideQuietHours(vn(10, 3, 15))).toEqual(vn(10, 7));
    expect(outsideQuietHours(vn(10, 9, 0))).toEqual(vn(10, 9, 0));
  });

  it("a follow-up N days after acceptance keeps the time of day unless it falls at night", () => {
    expect(followUpAt(vn(1, 10), 7)).toEqual(vn(8, 10));
    expect(followUpAt(vn(1, 21, 30), 7)).toEqual(vn(9, 7));
  });
});
