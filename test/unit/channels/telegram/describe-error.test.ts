// describeError runs inside catch handlers: it must describe anything that can be thrown, and never throw.
import { GrammyError, HttpError } from "grammy";
import { describe, expect, it } from "vitest";
import { describeError } from "../../../../src/channels/telegram/describe-error.ts";

const TOKEN = "123456789:AAFakeTokenForTestsOnly_abcdefghijk";

function hostileValues(): Array<[string, unknown]> {
  const circular: Record<string, unknown> = { name: "loop" };
  circular.self = circular;
  const throwingGetters = Object.defineProperties(new Error("x"), {
    message: {
      get: () => {
        throw new Error("getter");
      },
    },
    name: {
      get: () => {
        throw new Error("getter");
      },
    },
    stack: {
      get: () => {
        throw new Error("getter");
      },
    },
  });
  const { proxy: revoked, revoke } = Proxy.revocable({}, {});
  revoke();
  const trapEverything = new Proxy(
    {},
    new Proxy(
      {},
      {
        get: () => () => {
          throw new Error("trap");
        },
      },
    ),
  );
  return [
    ["undefined", undefined],
    ["null", null],
    ["a number", 42],
    ["a bigint", 10n],
    ["a symbol", Symbol("s")],
    ["a string with the token", `failed at /bot${TOKEN}/sendMessage`],
    ["a circular object", circular],
    ["a null-prototype object", Object.create(null)],
    [
      "an object whose toString throws",
      {
        toString: () => {
          throw new Error("nope");
        },
      },
    ],
    ["an object whose toString is not callable", { toString: 1, valueOf: 2 }],
    ["an Error with throwing getters", throwingGetters],
    ["a revoked proxy", revoked],
    ["a proxy that throws on every trap", trapEverything],
    ["a function", () => 1],
  ];
}

describe("describeError", () => {
  it.each(hostileValues())("never throws on %s", (_label, value) => {
    const summary = describeError(value, TOKEN);
    expect(typeof summary.name).toBe("string");
    expect(typeof summary.message).toBe("string");
    expect(JSON.stringify(summary)).not.toContain(TOKEN.split(":")[1]);
  });

  it("describes a Bot API error without a description (third-party emulators send those)", () => {
    const error = new GrammyError("Call to 'setMyCommands' failed! (400: undefined)", { ok: false, error_code: 400 } as never, "setMyCommands", {});
    expect(describeError(error, TOKEN)).toEqual({ name: "GrammyError", message: "(no description)", method: "setMyCommands", errorCode: 400 });
  });

  it("keeps the description and method of an ordinary Bot API error, redacting any token, without the payload", () => {
    const error = new GrammyError("x", { ok: false, error_code: 403, description: `Forbidden: ${TOKEN}` }, "sendMessage", {
      chat_id: 5550001,
      text: "secret words",
    });
    const summary = describeError(error, TOKEN);
    expect(summary).toEqual({ name: "GrammyError", message: "Forbidden: [token]", method: "sendMessage", errorCode: 403 });
  });

  it("describes a network failure and bounds a huge message", () => {
    expect(describeError(new HttpError("Network request for 'getMe' failed!", new Error("ECONNREFUSED")), TOKEN).name).toBe("HttpError");
    expect(describeError(new Error("a".repeat(1_000_000)), TOKEN).message.length).toBeLessThanOrEqual(1_000);
  });
});
