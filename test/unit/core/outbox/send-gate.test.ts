// The send gate on a fake clock with the in-memory budget: lanes in priority order, a chat that must wait
// set aside while others go, the channel's spacing, and a pause (retry_after) holding every lane.
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { CHANNEL_PACE, DEPART_MARGIN_MS, createSendGate } from "../../../../src/core/outbox/send-gate.ts";
import type { Lane } from "../../../../src/core/ports.ts";
import { silentLogger } from "../../../../src/shared/logging/logger.ts";
import { createMemoryBudget } from "../../../../src/store/send-budget.ts";

beforeEach(() => void vi.useFakeTimers({ now: 1_000_000 }));
afterEach(() => void vi.useRealTimers());

function gate(perSecond = 10, perChat = { perSecond: 1, burst: 1 }) {
  const waits: Array<[string, number]> = [];
  const g = createSendGate({
    channel: "telegram",
    limits: { overall: { perSecond, burst: 1 }, perChat },
    budget: createMemoryBudget(),
    logger: silentLogger(),
    onWait: (scope, ms) => void waits.push([scope, ms]),
  });
  const granted: string[] = [];
  const ask = (lane: Lane, chat: string, tag: string) => void g.acquire(lane, chat).then(() => granted.push(tag));
  return { g, granted, waits, ask };
}

describe("send gate", () => {
  it("serves urgent before staff before bulk, each in arrival order, at the channel's pace", async () => {
    const { granted, ask } = gate(10);
    ask("bulk", "a", "bulk-1");
    await vi.advanceTimersByTimeAsync(0); // the first goes at once
    for (const [lane, tag] of [
      ["bulk", "bulk-2"],
      ["staff", "staff-1"],
      ["urgent", "urgent-1"],
      ["bulk", "bulk-3"],
      ["urgent", "urgent-2"],
    ] as const)
      ask(lane, tag, tag);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(granted).toEqual(["bulk-1", "urgent-1", "urgent-2", "staff-1", "bulk-2", "bulk-3"]);
  });

  it("spaces sends by the channel's interval, paced 2% under: 10 a second gives 10 grants in the first second, 30 in three, the 31st after", async () => {
    const { granted, ask } = gate(10, { perSecond: 100, burst: 100 });
    for (let i = 0; i < 40; i++) ask("bulk", `c${i}`, `m${i}`);
    await vi.advanceTimersByTimeAsync(950);
    expect(granted).toHaveLength(10);
    // At 9.8 a second the 30th grant comes at 29 × 102 ms = 2,959 ms and the 31st at 3,061 ms.
    await vi.advanceTimersByTimeAsync(3_000 - 950 - 1);
    expect(granted).toHaveLength(30);
    await vi.advanceTimersByTimeAsync(100);
    expect(granted).toHaveLength(31);
    expect(CHANNEL_PACE).toBe(0.98);
  });

  it("sets a chat that must wait aside and lets other chats go meanwhile", async () => {
    const { granted, waits, ask } = gate(100, { perSecond: 1, burst: 1 });
    ask("urgent", "busy", "busy-1");
    await vi.advanceTimersByTimeAsync(0);
    ask("urgent", "busy", "busy-2");
    ask("bulk", "other", "other-1");
    await vi.advanceTimersByTimeAsync(100);
    expect(granted).toEqual(["busy-1", "other-1"]);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(granted).toEqual(["busy-1", "other-1", "busy-2"]);
    expect(waits.some(([scope]) => scope === "chat")).toBe(true);
  });

  it("holds every lane while paused (retry_after), then serves them in order", async () => {
    const { g, granted, waits, ask } = gate(100, { perSecond: 100, burst: 100 });
    g.pause(2_000);
    ask("bulk", "a", "bulk");
    ask("urgent", "b", "urgent");
    await vi.advanceTimersByTimeAsync(1_900);
    expect(granted).toEqual([]);
    expect(g.waiting()).toEqual({ urgent: 1, staff: 0, bulk: 1 });
    await vi.advanceTimersByTimeAsync(200);
    expect(granted).toEqual(["urgent", "bulk"]);
    expect(waits).toContainEqual(["retry_after", 2_000]);
  });

  it("books many waiting sends in a few bookings, not two per send, and keeps their order", async () => {
    const memory = createMemoryBudget();
    let bookings = 0;
    const g = createSendGate({
      channel: "telegram",
      limits: { overall: { perSecond: 40, burst: 1 }, perChat: { perSecond: 1, burst: 3 } },
      budget: { ...memory, reserveMany: (r) => ((bookings += 1), memory.reserveMany(r)) },
      logger: silentLogger(),
      onWait: () => undefined,
    });
    const granted: number[] = [];
    for (let i = 0; i < 40; i++) void g.acquire(i % 2 ? "bulk" : "urgent", `chat-${i}`).then(() => granted.push(i));
    await vi.advanceTimersByTimeAsync(2_000);
    expect(granted).toHaveLength(40);
    // Urgent (even) ones first, each lane in arrival order.
    expect(granted).toEqual([...Array.from({ length: 20 }, (_, k) => 2 * k), ...Array.from({ length: 20 }, (_, k) => 2 * k + 1)]);
    // The first send is booked alone (the gate starts at once), then one booking for the other 39 chats,
    // and one per group of up to 9 (a quarter second at 40/s paced at 39.2/s) on the channel: 8, against
    // 80 one by one.
    expect(bookings).toBeLessThanOrEqual(3 + 5);
  });

  it("books a send on a quiet gate in one statement (its chat and the channel together), and later ones to the same chat wait for it", async () => {
    const memory = createMemoryBudget();
    const booked: string[][] = [];
    const g = createSendGate({
      channel: "telegram",
      limits: { overall: { perSecond: 30, burst: 1 }, perChat: { perSecond: 1, burst: 1 } },
      budget: { ...memory, reserveMany: (r) => (booked.push(r.map((q) => q.key)), memory.reserveMany(r)) },
      logger: silentLogger(),
      onWait: () => undefined,
    });
    const granted: string[] = [];
    void g.acquire("urgent", "a").then(() => granted.push("a1"));
    await vi.advanceTimersByTimeAsync(0);
    expect(granted).toEqual(["a1"]);
    expect(booked).toEqual([["telegram:chat:a", "telegram:all"]]);
    void g.acquire("urgent", "a").then(() => granted.push("a2"));
    void g.acquire("urgent", "b").then(() => granted.push("b1"));
    await vi.advanceTimersByTimeAsync(100);
    expect(granted).toEqual(["a1", "b1"]); // a's second waits out its chat's second; b goes meanwhile
    await vi.advanceTimersByTimeAsync(1_000);
    expect(granted).toEqual(["a1", "b1", "a2"]);
  });

  it("books the next group while the last one goes: a slow budget (40 ms a booking) costs no slots", async () => {
    const memory = createMemoryBudget();
    const g = createSendGate({
      channel: "telegram",
      limits: { overall: { perSecond: 30, burst: 1 }, perChat: { perSecond: 1, burst: 3 } },
      budget: { ...memory, reserveMany: async (r) => (await new Promise((res) => setTimeout(res, 40)), memory.reserveMany(r)) },
      logger: silentLogger(),
      onWait: () => undefined,
    });
    const grantedAt: number[] = [];
    for (let i = 0; i < 90; i++) void g.acquire("bulk", `chat-${i}`).then(() => grantedAt.push(Date.now()));
    await vi.advanceTimersByTimeAsync(10_000);
    expect(grantedAt).toHaveLength(90);
    // The first send is booked alone (the gate starts at once); from the second on, one every 34.01 ms
    // (29.4 a second) with no gap, though each group's booking takes longer than one interval.
    const gaps = grantedAt.slice(2).map((t, i) => t - grantedAt[i + 1]!);
    const interval = 1000 / (30 * CHANNEL_PACE);
    expect(Math.max(...gaps)).toBeLessThanOrEqual(Math.ceil(interval) + 1);
    expect(grantedAt.at(-1)! - grantedAt[1]!).toBeLessThanOrEqual(88 * interval + 5);
  });

  it("spreads departures half an interval apart, and lets a send leave only a window after the answer to the one `limit` places before it", async () => {
    const { g } = gate(10, { perSecond: 100, burst: 100 }); // 10 a second: 50 ms apart at least, 10 in any 1,005 ms
    const left: number[] = [];
    const answers: Array<() => void> = [];
    // Ten granted at once (a busy moment held their grants) leave spread out.
    const ten = Array.from({ length: 10 }, () => g.depart().then((answered) => void (left.push(Date.now()), answers.push(answered))));
    await vi.advanceTimersByTimeAsync(500);
    await Promise.all(ten);
    expect(left.map((t) => t - left[0]!)).toEqual([0, 50, 100, 150, 200, 250, 300, 350, 400, 450]);
    let eleventh = false;
    const next = g.depart().then((answered) => ((eleventh = true), answered));
    await vi.advanceTimersByTimeAsync(300);
    answers[0]!(); // the first one's answer comes 800 ms after it left
    await vi.advanceTimersByTimeAsync(1_000 + DEPART_MARGIN_MS - 1);
    expect(eleventh).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(eleventh).toBe(true);
    (await next)();
  });
});
