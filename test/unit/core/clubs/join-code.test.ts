// Join codes and meeting times: codes use no look-alike characters and typed codes are cleaned; local
// (Vietnam) dates and times convert to UTC, and impossible ones are refused.
import { describe, expect, it } from "vitest";
import { generateJoinCode, JOIN_CODE_ALPHABET, normaliseJoinCode } from "../../../../src/core/clubs/join-code.ts";
import { formatMeetingTime, parseLocalDateTime, toLocalFields } from "../../../../src/core/clubs/meeting-time.ts";
import { parseRsvpOptionId, rsvpOptionId } from "../../../../src/core/clubs/notices.ts";

describe("join codes", () => {
  it("are six characters without 0, O, 1, I or L", () => {
    for (let i = 0; i < 200; i++) expect(generateJoinCode()).toMatch(/^[A-HJKMNP-Z2-9]{6}$/);
    expect(JOIN_CODE_ALPHABET).not.toMatch(/[01OIL]/);
  });

  it("typed with spaces, dashes or lower case become the code; anything else is not a code", () => {
    expect(normaliseJoinCode(" k7q 2mx ")).toBe("K7Q2MX");
    expect(normaliseJoinCode("K7Q-2MX")).toBe("K7Q2MX");
    expect(normaliseJoinCode("mã của tôi")).toBeNull();
    expect(normaliseJoinCode("ab")).toBeNull();
  });
});

describe("meeting times", () => {
  it("converts Vietnam time to UTC and back", () => {
    const at = parseLocalDateTime("2026-12-05", "18:30");
    expect(at?.toISOString()).toBe("2026-12-05T11:30:00.000Z");
    expect(toLocalFields(at!)).toEqual({ date: "2026-12-05", time: "18:30" });
    expect(parseLocalDateTime("2026-12-05", "06:00")?.toISOString()).toBe("2026-12-04T23:00:00.000Z");
    expect(formatMeetingTime(at!, "en")).toBe("18:30, Saturday 05/12/2026");
  });

  it("refuses impossible dates and times", () => {
    expect(parseLocalDateTime("2027-02-29", "10:00")).toBeNull();
    expect(parseLocalDateTime("2026-04-31", "10:00")).toBeNull();
    expect(parseLocalDateTime("2026-04-30", "24:00")).toBeNull();
    expect(parseLocalDateTime("30/04/2026", "10:00")).toBeNull();
  });
});

describe("RSVP option ids", () => {
  it("name the answer and the meeting, within the 40 characters a button payload allows", () => {
    const id = "3627a5bc-5071-4155-ae03-b66595cbb042";
    for (const answer of ["yes", "no", "maybe"] as const) {
      expect(rsvpOptionId(answer, id).length).toBeLessThanOrEqual(40);
      expect(parseRsvpOptionId(rsvpOptionId(answer, id))).toEqual({ answer, meetingId: id });
    }
    expect(parseRsvpOptionId("m.x.nope")).toBeNull();
  });
});
