// The outbox's store methods and the send budget, on PGlite and (with TEST_DATABASE_URL) PostgreSQL.
import { describe, expect, it, vi } from "vitest";
import { randomUUID } from "node:crypto";
import { BOOK_RIDE_MS, SETTLE_RIDE_MS, createInboxStore } from "../../src/store/inbox-store.ts";
import type { RawQuery } from "../../src/store/raw-sql.ts";
import { createDatabaseBudget } from "../../src/store/send-budget.ts";
import { HOUR, MINUTE, T0, at, backend, useStores } from "./store-harness.ts";

const h = useStores();
const text = (t: string) => ({ kind: "text" as const, text: t });

describe(`outbox store (${backend})`, () => {
  it("enqueues once per idempotency key, queued with its lane and due time", async () => {
    const person = await h.person({ channel: "telegram" });
    const input = { personId: person.id, channel: "telegram" as const, author: "bot" as const, body: text("b"), lane: "bulk" as const, dueAt: at(MINUTE) };
    const first = await h.stores.messages.enqueueOutbound({ ...input, idempotencyKey: `k:${person.id}` });
    const again = await h.stores.messages.enqueueOutbound({ ...input, idempotencyKey: `k:${person.id}` });
    const [x, y] = await Promise.all([1, 2].map(() => h.stores.messages.enqueueOutbound({ ...input, idempotencyKey: `race:${person.id}` })));
    expect(first.created).toBe(true);
    expect(again).toEqual({ id: first.id, created: false });
    expect([x!.created, y!.created].sort()).toEqual([false, true]);
    expect(x!.id).toBe(y!.id);
    const rows = await h.db.prisma.message.findMany({ where: { personId: person.id } });
    expect(rows).toHaveLength(2);
    expect(rows.every((r) => r.status === "queued" && r.lane === "bulk")).toBe(true);
  });

  it("enqueues a batch in one call: new keys made on each person's channel, used keys read back, erased people left out", async () => {
    const [a, b, gone] = [await h.person({ channel: "telegram" }), await h.person({ channel: "zalo" }), await h.person({ channel: "webchat" })];
    const earlier = await h.stores.messages.enqueueOutbound({
      personId: a.id,
      channel: "telegram",
      author: "bot",
      body: text("a"),
      lane: "bulk",
      dueAt: at(MINUTE),
      idempotencyKey: `batch:${a.id}`,
    });
    await h.stores.people.deletePersonData(gone.id);
    const batch = [a, b, gone].map((p) => ({
      personId: p.id,
      author: "bot" as const,
      body: text(`to ${p.channel}`),
      lane: "bulk" as const,
      dueAt: at(MINUTE),
      idempotencyKey: `batch:${p.id}`,
    }));
    const first = await h.stores.messages.enqueueOutboundMany(batch);
    expect(first.map((r) => [r.personId, r.created])).toEqual([
      [a.id, false],
      [b.id, true],
    ]);
    expect(first[0]!.id).toBe(earlier.id);
    const again = await h.stores.messages.enqueueOutboundMany(batch);
    expect(again).toEqual(first.map((r) => ({ ...r, created: false })));
    const made = await h.db.prisma.message.findUniqueOrThrow({ where: { id: first[1]!.id } });
    expect([made.channel, made.status, made.lane, made.nextAttemptAt?.getTime()]).toEqual(["zalo", "queued", "bulk", at(MINUTE).getTime()]);
  });

  it("claims by lane then due time; of bulk rows whose lease ran out, gives up those marked leaving and queues the rest again; resends an urgent one", async () => {
    const person = await h.person({ channel: "telegram" });
    const lease = at(HOUR);
    const bulkOld = await h.stores.messages.enqueueOutbound({
      personId: person.id,
      channel: "telegram",
      author: "bot",
      body: text("bulk"),
      lane: "bulk",
      dueAt: at(-HOUR),
    });
    const cutOffBulk = await h.stores.messages.enqueueOutbound({
      personId: person.id,
      channel: "telegram",
      author: "bot",
      body: text("cut"),
      lane: "bulk",
      dueAt: at(-HOUR),
    });
    const neverLeft = await h.stores.messages.enqueueOutbound({
      personId: person.id,
      channel: "telegram",
      author: "bot",
      body: text("claimed, not handed over"),
      lane: "bulk",
      dueAt: at(-HOUR),
    });
    // Two bulk rows were claimed (pending, leased) by a sender that died; one had been marked as leaving
    // (handed to the channel: it may have gone out), the other had not. So was an urgent reply.
    for (const id of [cutOffBulk.id, neverLeft.id])
      await h.db.prisma.message.update({ where: { id }, data: { status: "pending", nextAttemptAt: at(-MINUTE) } });
    await h.stores.messages.markSending([cutOffBulk.id]);
    const urgent = await h.stores.messages.recordOutbound({
      personId: person.id,
      channel: "telegram",
      author: "bot",
      body: text("reply"),
      leaseUntil: at(-MINUTE),
    });
    const claimed = await h.stores.messages.claimDueRetries(T0, 10, lease);
    expect(claimed.map((m) => [m.id, m.lane])).toEqual([
      [urgent.id, "urgent"],
      [bulkOld.id, "bulk"],
    ]);
    expect(await h.db.prisma.message.findUniqueOrThrow({ where: { id: cutOffBulk.id } })).toMatchObject({ status: "failed", nextAttemptAt: null });
    expect(await h.db.prisma.message.findUniqueOrThrow({ where: { id: neverLeft.id } })).toMatchObject({ status: "queued", nextAttemptAt: T0 });
    // Mark one claimed row as leaving; then both leases run out: the urgent reply is due again, the marked
    // bulk row is given up, the other one (queued again above) is claimed once more, its mark cleared.
    await h.stores.messages.markSending([bulkOld.id]);
    const later = (await h.stores.messages.claimDueRetries(at(2 * HOUR), 100, at(3 * HOUR))).filter((m) => m.personId === person.id);
    expect(later.map((m) => m.id)).toEqual([urgent.id, neverLeft.id]);
    expect((await h.db.prisma.message.findUniqueOrThrow({ where: { id: bulkOld.id } })).status).toBe("failed");
    expect(await h.db.prisma.message.findUniqueOrThrow({ where: { id: neverLeft.id } })).toMatchObject({ status: "pending", sendingAt: null });
  });

  it("lets settlements ride along in the next accept statement, or go alone after a short wait", async () => {
    const person = await h.person({ channel: "telegram" });
    const rec = () => h.stores.messages.recordOutbound({ personId: person.id, channel: "telegram", author: "bot", body: text("x"), leaseUntil: at(10 * HOUR) });
    const [a, b] = [await rec(), await rec()];
    const statusOf = async (id: string) => (await h.db.prisma.message.findUniqueOrThrow({ where: { id } })).status;
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    try {
      let settled = false;
      const riding = h.stores.messages.settleSends([{ id: a.id, status: "sent", channelMessageId: "7" }]).then(() => (settled = true));
      expect(await statusOf(a.id)).toBe("pending"); // waiting for a ride (the timer is frozen)
      expect(settled).toBe(false);
      await h.stores.messages.acceptInbound({
        channel: "telegram",
        externalId: `ride-${person.id}`,
        locale: "vi",
        channelMessageId: `ride-${person.id}`,
        body: text("hi"),
      });
      await riding; // settled by the accept's statement, the timer never fired
      expect(await statusOf(a.id)).toBe("sent");
      const alone = h.stores.messages.settleSends([{ id: b.id, status: "sent" }]);
      await vi.advanceTimersByTimeAsync(SETTLE_RIDE_MS);
      await alone;
      expect(await statusOf(b.id)).toBe("sent");
    } finally {
      vi.useRealTimers();
    }
  });

  it("settles a batch in one call and reports the next due time", async () => {
    const person = await h.person({ channel: "telegram" });
    const rec = () => h.stores.messages.recordOutbound({ personId: person.id, channel: "telegram", author: "bot", body: text("x"), leaseUntil: at(10 * HOUR) });
    const [a, b, c] = [await rec(), await rec(), await rec()];
    await h.stores.messages.settleSends([
      { id: a.id, status: "sent", channelMessageId: "42" },
      { id: b.id, status: "failed", attempts: 1, nextAttemptAt: at(MINUTE) },
      { id: c.id, status: "unreachable" },
    ]);
    const rows = new Map((await h.db.prisma.message.findMany({ where: { personId: person.id } })).map((r) => [r.id, r]));
    expect(rows.get(a.id)).toMatchObject({ status: "sent", sentMessageId: "42", nextAttemptAt: null });
    expect(rows.get(a.id)!.sentAt).not.toBeNull();
    expect(rows.get(b.id)).toMatchObject({ status: "failed", attempts: 1, nextAttemptAt: at(MINUTE) });
    expect(rows.get(c.id)).toMatchObject({ status: "unreachable", nextAttemptAt: null });
    expect((await h.stores.messages.nextDueAt())!.getTime()).toBeLessThanOrEqual(at(MINUTE).getTime());
  });

  it("books send slots: a burst, then one per interval; keys stored hashed", async () => {
    const budget = createDatabaseBudget(h.db.sql.query);
    const key = `telegram:chat:secret-chat-${Date.now()}`;
    const waits: number[] = [];
    for (let i = 0; i < 5; i++) waits.push(...(await budget.reserveMany([{ key, limit: { perSecond: 0.01, burst: 3 } }])));
    expect(waits.slice(0, 3)).toEqual([0, 0, 0]);
    // One per 100 s once the burst is spent (less the little time the calls took).
    expect(waits[3]).toBeGreaterThan(90_000);
    expect(waits[4]).toBeGreaterThan(190_000);
    expect(await h.rawRows("SendBudget", "true")).not.toContain("secret-chat");
    await budget.prune(new Date(Date.now() + 1_000 * HOUR));
    expect(await h.db.prisma.sendBudget.count()).toBe(0);
  });

  it("books several keys in one go, a run of slots per key, the same as one by one", async () => {
    const budget = createDatabaseBudget(h.db.sql.query);
    const slow = { perSecond: 0.01, burst: 1 }; // one per 100 s
    const [a, b] = [`telegram:all:${Date.now()}`, `telegram:chat:${Date.now()}`];
    // a: 3 slots from now (the first goes at once); b: 1 slot.
    expect(
      await budget.reserveMany([
        { key: a, limit: slow, count: 3 },
        { key: b, limit: slow },
      ]),
    ).toEqual([0, 0]);
    // a's next run starts after the three booked: about 300 s; b's next after 100 s.
    const [aNext, bNext] = await budget.reserveMany([
      { key: a, limit: slow, count: 2 },
      { key: b, limit: slow },
    ]);
    expect(aNext).toBeGreaterThan(290_000);
    expect(aNext).toBeLessThanOrEqual(300_000);
    expect(bNext).toBeGreaterThan(90_000);
    expect(bNext).toBeLessThanOrEqual(100_000);
    // And one more single booking of a lands after the 5 booked so far.
    expect((await budget.reserveMany([{ key: a, limit: slow }]))[0]).toBeGreaterThan(490_000);
    expect(await budget.reserveMany([])).toEqual([]);
  });

  it("lets budget bookings ride in an accept while accepts come often, and go alone at once when it is quiet", async () => {
    const texts: string[] = [];
    const query: RawQuery = (text, params) => (texts.push(text), h.db.sql.query(text, params));
    const inbox = createInboxStore(query, h.sealer, { rideAlong: true });
    const budget = createDatabaseBudget(query, inbox.book);
    const slow = { perSecond: 0.01, burst: 1 }; // one per 100 s
    const [a, b] = [`telegram:chat:ride-${randomUUID()}`, `telegram:all:ride-${randomUUID()}`];
    const accept = () =>
      inbox.acceptInbound({ channel: "telegram", externalId: `ride-${randomUUID()}`, locale: "vi", channelMessageId: randomUUID(), body: text("hi") });
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "performance"] });
    try {
      // Quiet (no accept yet): a booking goes at once, in a statement of its own.
      expect(await budget.reserveMany([{ key: a, limit: slow }])).toEqual([0]);
      expect(texts).toHaveLength(1);
      // An accept just began: the next bookings wait for the following one and ride in its statement.
      await accept();
      let booked: number[] | undefined;
      const riding = Promise.all([
        budget.reserveMany([{ key: a, limit: slow }]),
        budget.reserveMany([
          { key: a, limit: slow },
          { key: b, limit: slow, count: 3 },
        ]),
      ]).then((w) => (booked = w.flat()));
      await vi.advanceTimersByTimeAsync(0);
      expect(booked).toBeUndefined();
      expect(texts).toHaveLength(2);
      const next = await accept();
      expect(next).toMatchObject({ duplicate: false, id: expect.any(String) });
      // The first rider went along (a: its next slot 100 s on); the second names a too, so it waited
      // for its own statement, alone when no accept came within BOOK_RIDE_MS.
      expect(texts).toHaveLength(3);
      expect(texts[2]).toContain('"SendBudget"');
      await vi.advanceTimersByTimeAsync(BOOK_RIDE_MS);
      await riding;
      expect(texts).toHaveLength(4);
      expect(booked![0]).toBeGreaterThan(90_000);
      expect(booked![0]).toBeLessThanOrEqual(100_000);
      expect(booked![1]).toBeGreaterThan(190_000);
      expect(booked![2]).toBe(0); // b is new: its three slots start now
      // Later than BOOK_RIDE_MS after the last accept: alone again, at once.
      await vi.advanceTimersByTimeAsync(BOOK_RIDE_MS + 1);
      expect(await budget.reserveMany([{ key: b, limit: slow }])).toEqual([expect.any(Number)]);
      expect(texts).toHaveLength(5);
    } finally {
      vi.useRealTimers();
    }
  });
});
