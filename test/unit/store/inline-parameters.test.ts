// The turn's round-trip saving on node-postgres (raw-sql.ts) writes parameters inline as SQL literals:
// each value must come out as exactly one literal that reads back as the value, or not at all.
import { describe, expect, it } from "vitest";
import { executeStatement, inlineParameters, statementNamer } from "../../../src/store/raw-sql.ts";

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

  it("writes EXECUTE's arguments all quoted, as the extended protocol sends text parameters", () => {
    expect(executeStatement("ab12", ["a", 2, true, null, 10n, "it's", "a\\b"])).toBe("EXECUTE sab12('a', '2', 'true', NULL, '10', 'it''s',  E'a\\\\b')");
    expect(executeStatement("ab12", [])).toBe("EXECUTE sab12");
    expect(executeStatement("ab12", ["a\0b"])).toBeNull();
  });
});

describe("statementNamer", () => {
  it("names a text the same each time, different texts differently, and only the first `max` texts", () => {
    const name = statementNamer(3);
    const a = name("SELECT $1::int");
    expect(a).toMatch(/^[0-9a-f]{24}$/);
    expect(name("SELECT $1::int")).toBe(a);
    expect(name("SELECT $1::text")).not.toBe(a);
    expect(name("SELECT 3")).toBeDefined();
    expect(name("SELECT 4")).toBeUndefined();
    expect(name("SELECT $1::int")).toBe(a);
  });
});
