import { describe, expect, it } from "vitest";
import { createInputMatcher, type InputCatalogue } from "../../../src/core/conversation/match-input.ts";
import { createTranslator } from "../../../src/shared/i18n/index.ts";

const t = createTranslator();
const catalogue = (l: string): InputCatalogue => ({ numbers: t.raw(l, "input:numbers")!, commands: t.raw(l, "input:commands")! });
const matcher = createInputMatcher([catalogue("vi"), catalogue("en")]);
const options = [
  { id: "drug_use", label: "Sử dụng ma túy" },
  { id: "relapse", label: "Tái nghiện sau cai" },
  { id: "sex_work", label: "Mại dâm" },
];

describe("option matching", () => {
  it.each([
    ["2", "relapse"],
    [" 2. ", "relapse"],
    ["số 3", "sex_work"],
    ["hai", "relapse"],
    ["Ba", "sex_work"],
    ["two", "relapse"],
    ["mai dam", "sex_work"],
    ["Mại dâm", "sex_work"],
    ["ma tuy", "drug_use"],
    ["TAI NGHIEN", "relapse"],
  ])("%j → %s", (text, id) => {
    const m = matcher.option(text, options);
    expect(m !== "out-of-range" && m?.id).toBe(id);
  });
  it("reports numbers outside the menu and ignores unrelated text", () => {
    expect(matcher.option("9", options)).toBe("out-of-range");
    expect(matcher.option("xin chào", options)).toBeUndefined();
    expect(matcher.option("ma", options)).toBeUndefined();
  });
  it("only accepts whole labels in exact mode", () => {
    expect(matcher.option("ma tuy", options, "exact")).toBeUndefined();
    expect(matcher.option("su dung ma tuy", options, "exact")).toMatchObject({ id: "drug_use" });
  });
});

describe("commands", () => {
  it.each([
    ["/xoa", "delete"],
    ["XOA", "delete"],
    ["xóa", "delete"],
    ["/delete", "delete"],
    ["/xoa@KetNoiBot", "delete"],
    ["menu", "menu"],
    ["Trang chu", "menu"],
    ["giup", "help"],
    ["/start", "start"],
    ["khan cap", "emergency"],
    ["yeu cau cua toi", "requests"],
  ])("%j → %s", (text, command) => expect(matcher.command(text)).toBe(command));
  it("does not treat sentences containing a command word as commands", () => {
    expect(matcher.command("làm sao để xóa hình xăm")).toBeUndefined();
  });
});
