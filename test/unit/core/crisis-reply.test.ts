import { describe, expect, it } from "vitest";
import { CRISIS_NUMBERS, crisisReply } from "../../../src/core/conversation/crisis-reply.ts";
import { renderAsPlainText } from "../../../src/core/conversation/options-text.ts";
import { DANGER_CATEGORIES } from "../../../src/core/triage/index.ts";
import { renderMessage } from "../../../src/channels/telegram/render-message.ts";
import { createTranslator } from "../../../src/shared/i18n/index.ts";

const translator = createTranslator();

describe("crisis reply", () => {
  for (const locale of ["vi", "en"] as const) {
    for (const kind of DANGER_CATEGORIES) {
      it(`${locale} ${kind}: a title, the kind's numbers, two or three short steps, all in the plain text`, () => {
        const m = crisisReply(translator, locale, kind);
        expect(m.title.length).toBeGreaterThan(10);
        expect(m.numbers.map((n) => n.number)).toEqual(CRISIS_NUMBERS[kind]);
        for (const n of m.numbers) expect(n.label).not.toMatch(/crisis\.numbers/);
        expect(m.steps.length).toBeGreaterThanOrEqual(2);
        expect(m.steps.length).toBeLessThanOrEqual(3);
        for (const s of m.steps) expect(s.length).toBeLessThanOrEqual(240);
        for (const part of [m.title, ...m.steps, m.closing, ...m.numbers.map((n) => n.number)]) expect(m.text).toContain(part);
        expect(renderAsPlainText(m, translator.t, locale)).toBe(m.text);
        // Without blame: no "you should have", "why did you" in either language.
        expect(m.text).not.toMatch(/should have|why did you|lẽ ra|tại sao bạn lại/i);
      });
    }
  }

  it("a crisis without a kind gets the plea reply", () => {
    expect(crisisReply(translator, "vi", null).danger).toBe("plea");
  });

  it("overdose: recovery position, stay with them, call 115", () => {
    const en = crisisReply(translator, "en", "overdose").text;
    expect(en).toContain("recovery position");
    expect(en).toContain("Stay with them");
    expect(en).toContain("Call 115");
  });

  it("Telegram shows the title in bold and the rest as escaped text, with no links", () => {
    const parts = renderMessage(crisisReply(translator, "en", "violence"));
    expect(parts).toHaveLength(1);
    expect(parts[0]!.html.startsWith("<b>What is happening is not your fault.")).toBe(true);
    expect(parts[0]!.html).toContain("• 113 — Police");
    expect(parts[0]!.html).not.toContain("tel:");
    expect(parts[0]!.replyMarkup).toBeUndefined();
  });
});
