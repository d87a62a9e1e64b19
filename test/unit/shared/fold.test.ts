import { describe, expect, it } from "vitest";
import { cleanInboundText, foldText, hasNoWords, splitText, truncateText } from "../../../src/shared/text/fold.ts";

describe("foldText", () => {
  it.each([
    ["Tự Tử!", "tu tu"],
    ["từ từ", "tu tu"],
    ["Đà Nẵng", "da nang"],
    ["  Hòa   Bình ", "hoa binh"],
    ["Hoà Bình", "hoa binh"],
    ["KHẨN CẤP", "khan cap"],
    ["ma-túy, mại dâm.", "ma tuy mai dam"],
  ])("%s → %s", (input, expected) => expect(foldText(input)).toBe(expected));
});

describe("cleanInboundText", () => {
  it("removes control, bidi and zero-width characters and normalises to NFC", () => {
    expect(cleanInboundText("a\u0000b\u202Ec\u200Bd")).toBe("abcd");
    expect(cleanInboundText("Ho\u0300a")).toBe("Hòa");
    expect(cleanInboundText("a\r\n\n\n\nb")).toBe("a\n\nb");
  });
  it("detects emoji-only text", () => {
    expect(hasNoWords("😢🙏")).toBe(true);
    expect(hasNoWords("😢 ok")).toBe(false);
  });
});

describe("splitText", () => {
  it("keeps every chunk under the limit, prefers paragraphs, and loses nothing", () => {
    const text = ["Đoạn một. ".repeat(30), "Đoạn hai. ".repeat(30), "Đoạn ba. ".repeat(30)].join("\n\n");
    const parts = splitText(text, 400);
    expect(parts.every((p) => p.length <= 400)).toBe(true);
    expect(parts.join(" ").replace(/\s+/g, " ")).toBe(text.replace(/\s+/g, " ").trim());
  });
  it("never cuts inside a surrogate pair", () => {
    const text = "😀".repeat(50);
    const parts = splitText(text, 7);
    expect(parts.every((p) => !/[\uD800-\uDBFF]$/.test(p))).toBe(true);
    expect(parts.join("")).toBe(text);
    expect(truncateText("ab😀", 3)).toBe("ab");
  });
});
