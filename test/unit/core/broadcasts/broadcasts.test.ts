// Pure parts of broadcasts and tips: the ISO week in Vietnam time (the tips' once-a-week key), the ETA,
// the tip text rotation and the stop hint, and the compose form's schema.
import { describe, expect, it } from "vitest";
import { composeSchema, eta } from "../../../../src/core/broadcasts/broadcasts.ts";
import { broadcastText } from "../../../../src/core/broadcasts/fan-out-broadcast.ts";
import { firstTipAt, isoWeek, tipMessage, tipText } from "../../../../src/core/broadcasts/tips.ts";
import { renderAsPlainText } from "../../../../src/core/conversation/options-text.ts";
import { createTranslator } from "../../../../src/shared/i18n/index.ts";

const translator = createTranslator();

describe("isoWeek (Vietnam time)", () => {
  it("numbers weeks from Monday, the year's first Thursday decides week 1", () => {
    expect(isoWeek(new Date("2026-01-01T05:00:00Z"))).toBe("2026-W01");
    expect(isoWeek(new Date("2027-01-01T05:00:00Z"))).toBe("2026-W53");
    expect(isoWeek(new Date("2026-11-30T05:00:00Z"))).toBe("2026-W49");
  });
  it("turns at midnight in Vietnam, not in UTC", () => {
    // Sunday 17:00 UTC is Monday 00:00 in Vietnam: already the next week.
    expect(isoWeek(new Date("2026-11-29T16:59:00Z"))).toBe("2026-W48");
    expect(isoWeek(new Date("2026-11-29T17:00:00Z"))).toBe("2026-W49");
  });
});

describe("tips", () => {
  it("carries a stop button where there are buttons, and only the text (which says the word) where there are none", () => {
    const m = tipMessage(translator, "vi", 0);
    expect(m).toMatchObject({ kind: "options", options: [{ id: "tips.stop", label: "Hủy nhận mẹo" }] });
    // Zalo: no "1." that the person's current menu would take for its first entry.
    expect(renderAsPlainText(m, translator.t, "vi")).toBe(tipText(translator, "vi", 0));
  });

  it("rotates through the topic screens, in the person's language, and says how to stop", () => {
    const first = tipText(translator, "vi", 0);
    const second = tipText(translator, "vi", 1);
    expect(first).not.toBe(second);
    expect(first).toContain("HUY MEO");
    expect(tipText(translator, "en", 0)).toContain("STOP TIPS");
  });
  it("never plans the first tip in the quiet hours", () => {
    expect(firstTipAt(new Date("2026-11-30T15:30:00Z")).toISOString()).toBe("2026-12-01T00:00:00.000Z"); // 22:30 → 07:00
    expect(firstTipAt(new Date("2026-11-30T03:00:00Z")).toISOString()).toBe("2026-11-30T03:00:00.000Z");
  });
});

describe("broadcasts", () => {
  it("estimates the time left from the slowest channel", () => {
    expect(eta({ telegram: 300, zalo: 50 }, 0, { telegram: 30, zalo: 10 })).toBe(10);
    expect(eta({ webchat: 100 }, 0, { telegram: 30 })).toBe(0);
    expect(eta({}, 90, { telegram: 30, zalo: 10 })).toBe(9);
  });
  it("sends each person their language; subscribers are told how to stop, club members are not", () => {
    const body = { vi: "Xin chào", en: "Hello" };
    expect(broadcastText({ body, audience: { kind: "club", clubId: "c" } }, "en", translator)).toBe("Hello");
    expect(broadcastText({ body, audience: { kind: "all_opted_in" } }, "vi", translator)).toMatch(/^Xin chào\n\n.*HUY MEO/);
  });
  it("validates the compose form: an audience and both texts", () => {
    expect(composeSchema.safeParse({ audience: "all_opted_in", bodyVi: "a", bodyEn: "b" }).success).toBe(true);
    expect(composeSchema.safeParse({ audience: "all_opted_in", bodyVi: "a", bodyEn: "  " }).success).toBe(false);
    expect(composeSchema.safeParse({ audience: "club", clubId: "nope", bodyVi: "a", bodyEn: "b" }).success).toBe(false);
    expect(composeSchema.safeParse({ audience: "area_subscribers", provinceCode: "79", bodyVi: "a", bodyEn: "b" }).success).toBe(true);
    expect(composeSchema.safeParse({ audience: "everyone", bodyVi: "a", bodyEn: "b" }).success).toBe(false);
    expect(composeSchema.safeParse({ audience: "all_opted_in", bodyVi: "x".repeat(2001), bodyEn: "b" }).success).toBe(false);
  });
});
