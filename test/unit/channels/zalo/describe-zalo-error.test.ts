// describeZaloError runs inside catch handlers: it must describe anything that can be thrown, and never throw.
import { describe, expect, it } from "vitest";
import { describeZaloError } from "../../../../src/channels/zalo/describe-zalo-error.ts";
import { ZaloApiError } from "../../../../src/channels/zalo/zalo-api-errors.ts";

const throwing = (): never => {
  throw new Error("getter");
};

describe("describeZaloError", () => {
  it("gives kind, method, code and attempts of a ZaloApiError", () => {
    const error = new ZaloApiError({ method: "sendMessage", kind: "rate_limited", error_code: 429, description: "Quota exceeded" });
    error.attempts = 3;
    expect(describeZaloError(error)).toEqual({ kind: "rate_limited", method: "sendMessage", errorCode: 429, attempts: 3 });
  });

  it("gives only name and code of other errors, never their message", () => {
    const error = Object.assign(new Error("duplicate key (text)=(bí mật)"), { code: "23505" });
    expect(describeZaloError(error)).toEqual({ kind: "unexpected", errName: "Error", errCode: "23505" });
  });

  const { proxy: revoked, revoke } = Proxy.revocable({}, {});
  revoke();
  const circular: Record<string, unknown> = {};
  circular.self = circular;
  it.each<[string, unknown]>([
    ["undefined", undefined],
    ["null", null],
    ["a symbol", Symbol("s")],
    ["a null-prototype object", Object.create(null)],
    ["throwing getters", Object.defineProperties({}, { name: { get: throwing }, code: { get: throwing } })],
    ["a revoked proxy", revoked],
    ["a circular object", circular],
    ["a name that is not a name", { name: 'x\n{"text":"secret"}' }],
  ])("never throws on %s", (_label, value) => {
    const fields = describeZaloError(value);
    expect(fields.kind).toBe("unexpected");
    expect(JSON.stringify(fields)).not.toContain("secret");
  });
});
