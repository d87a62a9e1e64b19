// Group commit: callers arriving while a write is in flight share the next write; each caller hears
// how the write that carried its items went; batches never split one caller's items.
import { describe, expect, it } from "vitest";
import { groupCommit } from "../../../../src/core/outbox/group-commit.ts";

/** A write the test finishes by hand, recording each batch. */
function heldWrites() {
  const batches: number[][] = [];
  const pending: Array<{ resolve(): void; reject(e: Error): void }> = [];
  const write = (items: number[]) =>
    new Promise<void>((resolve, reject) => {
      batches.push(items);
      pending.push({ resolve, reject });
    });
  return { batches, write, finish: () => pending.shift()!.resolve(), fail: (e: Error) => pending.shift()!.reject(e) };
}

const settled = async (p: Promise<void>) => {
  let state = "pending";
  p.then(
    () => (state = "done"),
    () => (state = "failed"),
  );
  await new Promise((r) => setImmediate(r));
  return state;
};

describe("groupCommit", () => {
  it("writes at once when idle, and gathers what arrives meanwhile into one next write", async () => {
    const w = heldWrites();
    const submit = groupCommit(w.write);
    const a = submit([1]);
    expect(w.batches).toEqual([[1]]);
    const b = submit([2, 3]);
    const c = submit([4]);
    expect(w.batches).toEqual([[1]]); // waiting for the write in flight
    w.finish();
    expect(await settled(a)).toBe("done");
    expect(await settled(b)).toBe("pending");
    expect(w.batches).toEqual([[1], [2, 3, 4]]);
    w.finish();
    expect([await settled(b), await settled(c)]).toEqual(["done", "done"]);
  });

  it("rejects only the callers whose write failed; the next write goes on", async () => {
    const w = heldWrites();
    const submit = groupCommit(w.write);
    const a = submit([1]);
    const b = submit([2]);
    w.fail(new Error("database away"));
    await expect(a).rejects.toThrow("database away");
    await new Promise((r) => setImmediate(r));
    w.finish();
    await expect(b).resolves.toBeUndefined();
    expect(w.batches).toEqual([[1], [2]]);
  });

  it("caps a write at maxBatch items without splitting a caller", async () => {
    const w = heldWrites();
    const submit = groupCommit(w.write, 3);
    const first = submit([0]);
    const rest = [submit([1, 2]), submit([3, 4]), submit([5])];
    w.finish();
    await first;
    await new Promise((r) => setImmediate(r));
    expect(w.batches).toEqual([[0], [1, 2]]);
    w.finish();
    await new Promise((r) => setImmediate(r));
    expect(w.batches).toEqual([[0], [1, 2], [3, 4, 5]]);
    w.finish();
    await Promise.all(rest);
  });

  it("answers an empty hand-in at once without a write", async () => {
    const w = heldWrites();
    await groupCommit(w.write)([]);
    expect(w.batches).toEqual([]);
  });
});
