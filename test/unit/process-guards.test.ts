// The process-level error hooks: on an EventEmitter standing in for `process`, and once in a real child
// process (Node's default for an unhandled rejection is to crash; with the guards it must not).
import { execFile } from "node:child_process";
import { EventEmitter } from "node:events";
import path from "node:path";
import { fileURLToPath } from "node:url";
import pino from "pino";
import { afterEach, describe, expect, it, vi } from "vitest";
import { describeReason, installProcessGuards, type ProcessGuards } from "../../src/process-guards.ts";

const TOKEN = "123456789:AAFakeTokenForTestsOnly_abcdefghijk";
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

function rig(stop: () => Promise<void> = async () => {}) {
  const target = new EventEmitter();
  const lines: Array<Record<string, unknown>> = [];
  const logger = pino({ level: "info" }, { write: (line: string) => void lines.push(JSON.parse(line) as Record<string, unknown>) });
  const exits: number[] = [];
  const stopSpy = vi.fn(stop);
  const guards = installProcessGuards({
    target,
    logger,
    stop: stopSpy,
    exit: (code) => void exits.push(code),
    secrets: [TOKEN, undefined, ""],
    stopTimeoutMs: 10_000,
  });
  installed.push(guards);
  return { target, lines, exits, stop: stopSpy, guards };
}

const installed: ProcessGuards[] = [];
afterEach(() => {
  for (const g of installed.splice(0)) g.uninstall();
  vi.useRealTimers();
});

describe("installProcessGuards", () => {
  it("logs an unhandled rejection with its reason, token redacted, and keeps the process up", () => {
    const r = rig();
    r.target.emit("unhandledRejection", new Error(`Request to 'answerCallbackQuery' timed out (/bot${TOKEN}/x)`), Promise.resolve());
    expect(r.exits).toEqual([]);
    expect(r.stop).not.toHaveBeenCalled();
    expect(r.guards.rejections()).toBe(1);
    expect(r.lines[0]).toMatchObject({
      level: 50,
      rejections: 1,
      reason: { type: "Error", name: "Error", message: "Request to 'answerCallbackQuery' timed out (/bot[redacted]/x)" },
    });
    expect(JSON.stringify(r.lines)).not.toContain(TOKEN);
  });

  it("logs only the type of a rejected value that is not an Error (it may be a person's text)", () => {
    const r = rig();
    r.target.emit("unhandledRejection", "con tôi đang gặp nguy hiểm", Promise.resolve());
    r.target.emit("unhandledRejection", undefined, Promise.resolve());
    expect(r.lines.map((l) => l.reason)).toEqual([{ type: "string" }, { type: "undefined" }]);
    expect(JSON.stringify(r.lines)).not.toContain("nguy hiểm");
  });

  it("on an uncaught exception logs it, runs the graceful stop, then exits 1", async () => {
    let finish!: () => void;
    const r = rig(() => new Promise<void>((resolve) => (finish = resolve)));
    r.target.emit("uncaughtException", Object.assign(new TypeError("boom"), { code: "E_BOOM" }), "uncaughtException");
    expect(r.lines[0]).toMatchObject({ level: 60, origin: "uncaughtException", reason: { type: "Error", name: "TypeError", code: "E_BOOM", message: "boom" } });
    expect(r.stop).toHaveBeenCalledTimes(1);
    expect(r.exits).toEqual([]); // not before the stop finished
    finish();
    await vi.waitFor(() => expect(r.exits).toEqual([1]));
  });

  it("exits 1 at once on a second exception during the stop, and when the stop fails or hangs", async () => {
    const r = rig(() => new Promise<void>(() => {}));
    r.target.emit("uncaughtException", new Error("first"));
    r.target.emit("uncaughtException", new Error("second"));
    expect(r.exits).toEqual([1]);
    expect(r.stop).toHaveBeenCalledTimes(1);

    const failing = rig(() => Promise.reject(new Error("database already gone")));
    failing.target.emit("uncaughtException", new Error("x"));
    await vi.waitFor(() => expect(failing.exits).toEqual([1]));
    expect(failing.lines.at(-1)).toMatchObject({ msg: "graceful stop failed" });

    vi.useFakeTimers();
    const hanging = rig(() => new Promise<void>(() => {}));
    hanging.target.emit("uncaughtException", new Error("x"));
    vi.advanceTimersByTime(9_999);
    expect(hanging.exits).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(hanging.exits).toEqual([1]);
  });

  it("uninstall removes both listeners", () => {
    const r = rig();
    r.guards.uninstall();
    expect(r.target.listenerCount("unhandledRejection")).toBe(0);
    expect(r.target.listenerCount("uncaughtException")).toBe(0);
  });

  it("describeReason never throws", () => {
    const { proxy, revoke } = Proxy.revocable(new Error("x"), {});
    revoke();
    const getters = Object.defineProperty(new Error("x"), "message", {
      get: () => {
        throw new Error("getter");
      },
    });
    for (const value of [proxy, getters, Object.create(null), Symbol("s"), null, 10n]) expect(() => describeReason(value, [TOKEN])).not.toThrow();
    expect(describeReason(getters, [])).toMatchObject({ type: "Error", name: "Error" });
  });
});

describe("process guards in a real process", () => {
  it("an unhandled rejection is logged and the process lives on; an uncaught exception stops it with exit code 1", async () => {
    const script = `
      import { installProcessGuards } from "./src/process-guards.ts";
      import pino from "pino";
      installProcessGuards({ target: process, logger: pino({ level: "info" }, pino.destination(1)), stop: async () => console.log("STOPPED"), exit: (code) => process.exit(code) });
      Promise.reject(new Error("stray rejection"));
      setTimeout(() => { console.log("ALIVE"); throw new Error("real bug"); }, 50);
    `;
    const result = await new Promise<{ code: number | null; stdout: string }>((resolve) => {
      execFile(process.execPath, ["--input-type=module", "-e", script], { cwd: ROOT, timeout: 20_000 }, (error, stdout) =>
        resolve({ code: error ? ((error as { code?: number }).code ?? null) : 0, stdout }),
      );
    });
    expect(result.stdout).toContain("stray rejection");
    expect(result.stdout).toContain("ALIVE");
    expect(result.stdout).toContain("real bug");
    expect(result.stdout).toContain("STOPPED");
    expect(result.code).toBe(1);
  });
});
