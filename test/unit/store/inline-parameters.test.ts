// The turn's round-trip saving on node-postgres (raw-sql.ts) writes parameters inline as SQL literals:
// each value must come out as exactly one literal that reads back as the value, or not at all.
import { describe, expect, it } from "vitest";
import { inlineParameters } from "../../../src/store/raw-sql.ts";

describe("inlineParameters", () => {
  it("writes strings, numbers, booleans and null as literals in $n order, $10 not read as $1", () => {
    const params = ["a", 2, true, null, undefined, 10n, "g", "h", "i", "ten"];
    expect(inlineParameters("SELECT $1::text, $2::int, $3::boolean, $4, $5, $6::bigint, $10::text, $1", params)).toBe(
      "SELECT 'a'::text, 2::int, true::boolean, NULL, NULL, 10::bigint, 'ten'::text, 'a'",
    );
  });

  it("doubles quotes and escapes backslashes, so a value cannot end its literal", () => {
    expect(inlineParameters("SELECT $1", ["it's'); DROP TABLE x; --"])).toBe("SELECT 'it''s''); DROP TABLE x; --'");
    expect(inlineParameters("SELECT $1", ["a\\' b"])).toBe("SELECT  E'a\\\\'' b'");
  });

  it("does not rescan a value for placeholders", () => {
    expect(inlineParameters("SELECT $1, $2", ["$2", "x"])).toBe("SELECT '$2', 'x'");
  });

  it("refuses what it cannot write inline: a NUL byte, objects, dates, NaN", () => {
    for (const value of ["a\0b", { a: 1 }, new Date(0), Number.NaN, Number.POSITIVE_INFINITY]) expect(inlineParameters("SELECT $1", [value])).toBeNull();
  });
});
