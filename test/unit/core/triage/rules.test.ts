import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { DANGER_CATEGORIES, compileDangerCatalogue, detectDanger, loadDangerCatalogue } from "../../../../src/core/triage/index.ts";
import { LOCALES_DIR } from "../../../../src/shared/i18n/index.ts";
import { rulesFileSchema, type RulesFile } from "../../../../src/core/triage/rules-schema.ts";
import type { TriageFile } from "../../../../src/core/triage/triage-file-schema.ts";

const triage: TriageFile = {
  categories: Object.fromEntries(DANGER_CATEGORIES.map((c) => [c, [{ phrase: "zzz qqq" }]])) as TriageFile["categories"],
  harmless: [{ phrase: "đá bóng" }, { phrase: "tắt máy" }],
};

function rules(part: Partial<RulesFile>): RulesFile {
  return rulesFileSchema.parse({
    numbers: [{ name: "minor_age", min: 0, max: 17 }],
    concepts: {
      negation: ["chưa bao giờ"],
      person: ["em", "mẹ"],
      beat: ["đánh", "đá"],
      minor: ["#minor_age tuổi", "bé"],
      forced: ["bị ép"],
      sex_work: ["tiếp khách"],
      past: ["hồi nhỏ"],
      now: ["đang"],
      off: ["tắt máy"],
      farewell: ["vĩnh biệt"],
      sign_a: ["bất tỉnh"],
      sign_b: ["không thở"],
      sign_c: ["co giật"],
      plea: ["cứu"],
      ...part.concepts,
    },
    rules: part.rules ?? [],
    guards: part.guards ?? [],
  });
}

const local = (r: RulesFile) => compileDangerCatalogue({ xx: triage }, { xx: { rules: r } });

describe("rule format", () => {
  it("all: every term somewhere in the message", () => {
    const c = local(rules({ rules: [{ id: "r", category: "child_at_risk", all: ["minor", "forced", "sex_work"] }] }));
    expect(detectDanger("con 15 tuổi. Bị ép tiếp khách", c).categories).toEqual(["child_at_risk"]);
    expect(detectDanger("con 19 tuổi bị ép tiếp khách", c).crisis).toBe(false);
    expect(detectDanger("bé bị ép", c).crisis).toBe(false);
  });

  it("seq: in order, in one clause, at most gap words apart; ^ and $ anchor the clause", () => {
    const c = local(
      rules({
        rules: [
          { id: "r", category: "violence", seq: ["beat", "person"], gap: 1 },
          { id: "p", category: "plea", seq: ["plea", "$"] },
        ],
      }),
    );
    expect(detectDanger("nó đánh em", c).crisis).toBe(true);
    expect(detectDanger("nó đánh cả mẹ", c).crisis).toBe(true);
    expect(detectDanger("nó đánh hôm qua em", c).crisis).toBe(false);
    expect(detectDanger("nó đánh. Em", c).crisis).toBe(false);
    expect(detectDanger("em đánh", c).crisis).toBe(false);
    expect(detectDanger("cứu!!", c).categories).toEqual(["plea"]);
    expect(detectDanger("cứu trợ", c).crisis).toBe(false);
  });

  it("near: either order within the window; of/atLeast: any n of the terms", () => {
    const c = local(
      rules({
        rules: [
          { id: "n", category: "violence", near: ["beat", "person"], window: 2 },
          { id: "o", category: "overdose", of: ["sign_a", "sign_b", "sign_c"], atLeast: 2 },
        ],
      }),
    );
    expect(detectDanger("mẹ bị đánh", c).crisis).toBe(true);
    expect(detectDanger("mẹ hôm qua ở nhà bị đánh", c).crisis).toBe(false);
    expect(detectDanger("nó bất tỉnh", c).crisis).toBe(false);
    expect(detectDanger("nó bất tỉnh, không thở", c).categories).toEqual(["overdose"]);
  });

  it("scores like the weakest word; words typed with other marks do not carry a rule", () => {
    const c = local(rules({ rules: [{ id: "r", category: "violence", seq: ["beat", "person"], weight: 0.9 }] }));
    expect(detectDanger("đánh em", c).score).toBe(0.9);
    expect(detectDanger("danh em", c).score).toBeCloseTo(0.72);
    expect(detectDanger("dành em", c).crisis).toBe(false);
  });

  it("harmless phrases and negation remove words; a word covering the harmless phrase stays", () => {
    const c = local(
      rules({
        rules: [
          { id: "r", category: "violence", seq: ["beat", "person"], gap: 1 },
          { id: "f", category: "suicide", all: ["farewell", "off"] },
        ],
      }),
    );
    expect(detectDanger("đá bóng em", c).crisis).toBe(false);
    expect(detectDanger("chưa bao giờ đánh em", c).crisis).toBe(false);
    expect(detectDanger("vĩnh biệt rồi tắt máy", c).categories).toEqual(["suicide"]);
  });

  it("unless vetoes a rule; a guard scales the listed categories unless its own unless is present", () => {
    const c = local(
      rules({
        rules: [{ id: "r", category: "violence", seq: ["beat", "person"], unless: ["sign_a"] }],
        guards: [{ id: "g", any: ["past"], unless: ["now"], scale: 0.4, categories: ["violence"] }],
      }),
    );
    expect(detectDanger("đánh em bất tỉnh", c).crisis).toBe(false);
    expect(detectDanger("hồi nhỏ đánh em", c)).toMatchObject({ crisis: false, score: 0.4 });
    expect(detectDanger("hồi nhỏ thì thôi, giờ đang đánh em", c).crisis).toBe(true);
    // A word typed with other marks is another word: "đàng" is not "đang", so it cannot veto the guard.
    expect(detectDanger("hồi nhỏ đánh em, giờ sống đàng hoàng", c)).toMatchObject({ crisis: false, score: 0.4 });
    expect(detectDanger("hoi nho thi thoi, gio dang danh em", c).crisis).toBe(true);
  });
});

describe("broken data fails at start, naming the file and the entry", () => {
  const compileWith = (r: unknown) => () => local(rulesFileSchema.parse(r));

  it("unknown concept, misplaced anchor, duplicate id, unknown number class", () => {
    const base = rules({});
    expect(compileWith({ ...base, rules: [{ id: "x", category: "violence", all: ["bet"] }] })).toThrow(
      /xx\/triage-rules\.json: rules\[0\] "x": unknown concept "bet"/,
    );
    expect(compileWith({ ...base, rules: [{ id: "x", category: "violence", seq: ["beat", "^"] }] })).toThrow(/"\^" may only open/);
    expect(
      compileWith({
        ...base,
        rules: [
          { id: "x", category: "plea", all: ["plea"] },
          { id: "x", category: "plea", all: ["plea"] },
        ],
      }),
    ).toThrow(/rules\[1\] "x": duplicate id/);
    expect(compileWith({ ...base, concepts: { ...base.concepts, minor: ["#teen tuổi"] } })).toThrow(
      /concepts\.minor\[0\]: "#teen tuổi" uses unknown number class/,
    );
  });

  it("schema errors from loadDangerCatalogue name the file and the path inside it", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "triage-"));
    try {
      fs.mkdirSync(path.join(dir, "vi"));
      fs.copyFileSync(path.join(LOCALES_DIR, "vi", "triage.json"), path.join(dir, "vi", "triage.json"));
      fs.writeFileSync(
        path.join(dir, "vi", "triage-rules.json"),
        JSON.stringify({ ...rules({}), rules: [{ id: "Bad Id", category: "violence", all: ["beat"] }] }),
      );
      fs.writeFileSync(
        path.join(dir, "vi", "shorthand.json"),
        JSON.stringify({ tokens: [{ from: ["k o"], to: "không" }], afterNumber: [], letterSwaps: [], suffixes: [] }),
      );
      expect(() => loadDangerCatalogue(dir)).toThrow(/vi\/shorthand\.json:[\s\S]*tokens\[0\]\.from\[0\][\s\S]*vi\/triage-rules\.json:[\s\S]*rules\[0\]\.id/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("the shipped files load", () => {
    expect(() => loadDangerCatalogue()).not.toThrow();
  });
});
