// Which driver errors mean "the database is gone for now", and what of them may be logged.
import { describe, expect, it } from "vitest";
import { dbErrorFields, isDbUnavailable } from "../../../src/shared/errors/db-error.ts";

const pgError = (code: string, message: string) =>
  Object.assign(new Error(message), { code, severity: "FATAL", detail: "Key (id)=(secret) already exists", where: "SQL statement" });

describe("database errors", () => {
  it("recognises dropped, refused and unreachable connections", () => {
    expect(isDbUnavailable(pgError("57P01", "terminating connection due to administrator command"))).toBe(true);
    expect(isDbUnavailable(pgError("55000", 'database "x" is not currently accepting connections'))).toBe(true);
    expect(isDbUnavailable(pgError("08006", "connection failure"))).toBe(true);
    expect(isDbUnavailable(Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5432"), { code: "ECONNREFUSED" }))).toBe(true);
    expect(isDbUnavailable(new Error("Connection terminated unexpectedly"))).toBe(true);
    expect(isDbUnavailable(new Error("timeout exceeded when trying to connect"))).toBe(true);
    expect(isDbUnavailable(pgError("23505", "duplicate key value violates unique constraint"))).toBe(false);
    expect(isDbUnavailable("nothing")).toBe(false);
  });

  it("logs the code always, the message only when it cannot quote values, never detail or where", () => {
    expect(dbErrorFields(pgError("57P01", "terminating connection due to administrator command"))).toEqual({
      code: "57P01",
      severity: "FATAL",
      reason: "terminating connection due to administrator command",
    });
    expect(dbErrorFields(pgError("22P02", 'invalid input syntax for type uuid: "secret"'))).toEqual({ code: "22P02", severity: "FATAL" });
    expect(dbErrorFields(new Error("Connection terminated unexpectedly"))).toEqual({ reason: "Connection terminated unexpectedly" });
  });
});
