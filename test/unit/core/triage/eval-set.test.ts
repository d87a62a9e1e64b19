// The evaluation gate: the hand-written set in test/fixtures/triage/ must keep recall >= 0.98 and false
// alarms <= 0.05 (npm run bench:triage prints the breakdown). Matching the whole set takes well under a
// second; no timing is asserted here (tests never depend on wall-clock speed).
import { describe, expect, it } from "vitest";
import { DANGER_CATEGORIES, detectDanger, loadDangerCatalogue } from "../../../../src/core/triage/index.ts";
import { falseAlarmRate, loadEvalSet, recall, tally } from "../../../fixtures/triage/eval-set.ts";

const set = loadEvalSet();
const catalogue = loadDangerCatalogue();
const share = (pred: (e: (typeof set)[number]) => boolean): number => set.filter(pred).length / set.length;
const VIETNAMESE_MARK = /[àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ]/iu;

describe("triage evaluation set", () => {
  it("is large and varied enough", () => {
    expect(set.length).toBeGreaterThanOrEqual(400);
    expect(set.filter((e) => e.label === "crisis").length).toBeGreaterThanOrEqual(200);
    expect(set.filter((e) => e.label === "calm").length).toBeGreaterThanOrEqual(200);
    for (const c of DANGER_CATEGORIES)
      expect(
        set.some((e) => e.label === "crisis" && e.category === c),
        c,
      ).toBe(true);
    expect(share((e) => e.language === "vi" && !e.diacritics)).toBeGreaterThanOrEqual(0.4);
    expect(share((e) => e.shorthand)).toBeGreaterThanOrEqual(0.25);
    expect(share((e) => e.language === "en")).toBeGreaterThanOrEqual(0.15);
  });

  it("is labelled consistently: diacritics flags match the text, no message twice", () => {
    const wrong = set.filter((e) => e.language === "vi" && VIETNAMESE_MARK.test(e.text) !== e.diacritics);
    expect(wrong.map((e) => `${e.file}:${e.line}`)).toEqual([]);
    expect(new Set(set.map((e) => e.text)).size).toBe(set.length);
  });

  it("meets recall >= 0.98 and false alarms <= 0.05", () => {
    const outcomes = set.map((example) => ({ example, predicted: detectDanger(example.text, catalogue).crisis }));
    const t = tally(outcomes);
    const misses = outcomes.filter((o) => o.example.label === "crisis" && !o.predicted).map((o) => o.example.text);
    const alarms = outcomes.filter((o) => o.example.label === "calm" && o.predicted).map((o) => o.example.text);
    expect(recall(t), `misses:\n${misses.join("\n")}`).toBeGreaterThanOrEqual(0.98);
    expect(falseAlarmRate(t), `false alarms:\n${alarms.join("\n")}`).toBeLessThanOrEqual(0.05);
  });
});
