import { describe, expect, it } from "vitest";
import { guessLanguage, preferredLanguage } from "../../../src/shared/text/guess-language.ts";

describe("guessLanguage", () => {
  it.each([
    "Con tôi đang bị sốc thuốc",
    "đi đâu",
    "ban e vua uong ca vi thuoc ngu",
    "toi can giup do",
    "chong toi danh toi",
    "e so lam",
    "ko muon song nua",
    "cuu voi",
    "chao ban",
    "minh muon hoi ve bao hiem",
    "ck e say ruou ve bop co e",
  ])("Vietnamese: %s", (text) => expect(guessLanguage(text)).toBe("vi"));

  it.each([
    "my friend took too many pills and wont wake up",
    "please help me, I am scared",
    "I don't know what to do",
    "my husband is kicking the door in",
    "hello, how does this work?",
    "bf hit me again n locked me in, pls help",
  ])("English: %s", (text) => expect(guessLanguage(text)).toBe("en"));

  it.each(["hi", "ok", "help", "123", "", "😢", "Ha Noi", "menu", "the nao", "/start"])("no clear evidence: %s", (text) =>
    expect(guessLanguage(text)).toBeUndefined(),
  );

  it("reads Vietnamese letters in decomposed form too", () => {
    expect(guessLanguage("Con tôi".normalize("NFD"))).toBe("vi");
  });
});

describe("preferredLanguage (Accept-Language)", () => {
  it.each([
    ["en-US,en;q=0.9,vi;q=0.8", "en"],
    ["vi-VN,vi;q=0.9,en-US;q=0.8,en;q=0.7", "vi"],
    ["fr-FR,fr;q=0.9,en;q=0.5", "en"],
    ["en;q=0.2,vi;q=0.8", "vi"],
    ["de, fr", undefined],
    ["en;q=0", undefined],
    ["", undefined],
  ])("%s → %s", (header, expected) => expect(preferredLanguage(header)).toBe(expected));
  it("absent header", () => expect(preferredLanguage(undefined)).toBeUndefined());
});
