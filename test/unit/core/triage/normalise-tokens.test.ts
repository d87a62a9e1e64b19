import { describe, expect, it } from "vitest";
import { detectDanger, loadDangerCatalogue } from "../../../../src/core/triage/index.ts";
import { applyShorthand, compileShorthand } from "../../../../src/core/triage/normalise-tokens.ts";
import { shorthandFileSchema } from "../../../../src/core/triage/shorthand-schema.ts";
import { tokenise } from "../../../../src/core/triage/tokenise-message.ts";

const table = compileShorthand(
  shorthandFileSchema.parse({
    tokens: [
      { from: ["ko", "k", "hok"], to: "không" },
      { from: ["dc", "đc"], to: "được" },
      { from: ["e"], to: "em" },
      { from: ["mún"], to: "muốn" },
      { from: ["ny"], to: "người yêu" },
      { from: ["wont"], to: "won't" },
    ],
    afterNumber: [{ suffix: "t", to: "tuổi" }],
    letterSwaps: [{ from: "w", to: "qu" }],
    suffixes: [{ from: "ing", to: "" }],
  }),
);
const vocab = new Set(["cuu", "qua", "help", "khong", "tuoi", "toi"]);
const read = (text: string): string =>
  applyShorthand(tokenise(text), table, vocab)
    .map((t) => t.folded)
    .join(" ");

describe("applyShorthand", () => {
  it("expands whole-word abbreviations, also into several words", () => {
    expect(read("e ko đi dc")).toBe("em khong di duoc");
    expect(read("ny hok về")).toBe("nguoi yeu khong ve");
  });

  it("splits an expansion at apostrophes as the tokeniser splits typed words ('wont' → won t)", () => {
    expect(read("they wont let me go")).toBe(read("they won't let me go"));
    expect(read("they wont let me go")).toBe("they won t let me go");
  });

  it("compares the typed word exactly: 'mún' is listed, 'mụn' is not", () => {
    expect(read("t mún chết")).toBe("t muon chet");
    expect(read("bị mụn")).toBe("bi mun");
  });

  it("reads a number followed by t as an age, joined or detached, never as tôi", () => {
    expect(read("con 15t")).toBe("con 15 tuoi");
    expect(read("con 15 t")).toBe("con 15 tuoi");
    expect(read("t đây")).toBe("t day");
  });

  it("squeezes repeated letters and swaps teencode letters only towards a known word", () => {
    expect(read("cuuuu")).toBe("cuu");
    expect(read("heeelp")).toBe("help");
    expect(read("wá")).toBe("qua");
    expect(read("kooo")).toBe("khong");
    expect(read("xoong nồi")).toBe("xoong noi");
    expect(read("wow")).toBe("wow");
  });

  it("marks its words as typed without diacritics (a folded match, not an exact one)", () => {
    const [token] = applyShorthand(tokenise("ko"), table, vocab);
    expect(token).toEqual({ exact: "khong", folded: "khong", bare: true, src: 0 });
  });

  it("keeps clause breaks", () => {
    expect(applyShorthand(tokenise("e. ko"), table, vocab).length).toBe(3);
  });
});

describe("the shipped shorthand tables", () => {
  const catalogue = loadDangerCatalogue();
  it.each([
    ["t mun chet", "suicide"],
    ["e ko muon song nua", "suicide"],
    ["ck dag dap e", "violence"],
    ["chau e 15t bi ep tiep khach", "child_at_risk"],
    ["ng ta k cho e ve, giu cccd", "held_or_sold"],
    ["cuuuuu", "plea"],
    ["cứuuuu e vs", "plea"],
    ["kms", "suicide"],
    ["pls help me", "plea"],
    ["hes ODing and not breathing", "overdose"],
  ])("%s → %s", (text, category) => {
    expect(detectDanger(text, catalogue).categories).toContain(category);
  });

  it("does not turn an English article or a Vietnamese particle into danger", () => {
    expect(detectDanger("a ơi e hỏi chút", catalogue).crisis).toBe(false);
    expect(detectDanger("is there a group near me", catalogue).crisis).toBe(false);
  });
});
