// MessageStore contract, on PGlite and (with TEST_DATABASE_URL) PostgreSQL.
import { describe, expect, it } from "vitest";
import type { OutboundMessage } from "../../src/core/ports.ts";
import { HOUR, MINUTE, T0, at, backend, useStores } from "./store-harness.ts";

const h = useStores();
const text = (t: string) => ({ kind: "text" as const, text: t });

/** An outbound message whose send failed, scheduled for another try at `due` (null: given up). */
async function failed(personId: string, body: OutboundMessage, attempts: number, due: Date | null): Promise<string> {
  const { id } = await h.stores.messages.recordOutbound({ personId, channel: "telegram", author: "bot", body });
  await h.stores.messages.markDelivery(id, "failed");
  await h.stores.messages.scheduleRetry(id, attempts, due);
  return id;
}

describe(`MessageStore (${backend})`, () => {
  it("reports a repeated (channel, channelMessageId) as a duplicate and stores it once", async () => {
    const person = await h.person({ channel: "telegram" });
    const inbound = (channel: "telegram" | "zalo", channelMessageId?: string) =>
      h.stores.messages.recordInbound({ personId: person.id, channel, channelMessageId, body: text("a") });
    const first = await inbound("telegram", "777");
    const again = await inbound("telegram", "777");
    const otherChannel = await inbound("zalo", "777");
    const noIdOne = await inbound("telegram");
    const noIdTwo = await inbound("telegram");
    expect([first, again, otherChannel, noIdOne, noIdTwo].map((r) => r.duplicate)).toEqual([false, true, false, false, false]);
    expect(first.id).not.toBe("");
    const stored = await h.stores.messages.listMessages(person.id, { limit: 10 });
    expect(stored.map((m) => [m.id, m.clientRef])).toEqual([
      [first.id, "777"],
      [otherChannel.id, "777"],
      [noIdOne.id, null],
      [noIdTwo.id, null],
    ]);
    expect(stored[0]).toMatchObject({ direction: "inbound", author: "person", status: "received", caseId: null, body: text("a"), createdAt: expect.any(Date) });
  });

  it("accepts one of many concurrent deliveries of one message; the others are duplicates of the same row", async () => {
    const person = await h.person({ channel: "telegram" });
    const results = await Promise.all(
      Array.from({ length: 20 }, () =>
        h.stores.messages.recordInbound({ personId: person.id, channel: "telegram", channelMessageId: "race-1", body: text("a") }),
      ),
    );
    expect(results.filter((r) => !r.duplicate)).toHaveLength(1);
    expect(new Set(results.map((r) => r.id)).size).toBe(1);
    expect(results.every((r) => r.handled === false)).toBe(true);
    await h.stores.messages.markHandled(results[0]!.id, T0);
    expect(await h.stores.messages.recordInbound({ personId: person.id, channel: "telegram", channelMessageId: "race-1", body: text("a") })).toEqual({
      id: results[0]!.id,
      duplicate: true,
      handled: true,
    });
  });

  it("records outbound messages pending, in seq order, and lists a person's log after a seq", async () => {
    const person = await h.person();
    const other = await h.person();
    const c = await h.openCase(person.id);
    const one = await h.stores.messages.recordOutbound({ personId: person.id, channel: "webchat", author: "bot", body: text("one") });
    const menu: OutboundMessage = { kind: "options", text: "pick", options: [{ id: "a", label: "A" }], menuSeq: 4 };
    const two = await h.stores.messages.recordOutbound({ personId: person.id, channel: "webchat", author: "counsellor", body: menu, caseId: c.id });
    const three = await h.stores.messages.recordOutbound({ personId: person.id, channel: "webchat", author: "bot", body: text("three") });
    await h.stores.messages.recordOutbound({ personId: other.id, channel: "webchat", author: "bot", body: text("not yours") });
    expect(two.seq).toBeGreaterThan(one.seq);
    expect(three.seq).toBeGreaterThan(two.seq);
    expect(await h.stores.messages.listMessages(person.id, { afterSeq: one.seq, limit: 10 })).toEqual([
      {
        id: two.id,
        seq: two.seq,
        direction: "outbound",
        author: "counsellor",
        body: menu,
        caseId: c.id,
        status: "pending",
        createdAt: expect.any(Date),
        clientRef: null,
        removedAfterDays: null,
      },
      expect.objectContaining({ id: three.id, caseId: null, body: text("three") }),
    ]);
    expect((await h.stores.messages.listMessages(person.id, { limit: 2 })).map((m) => m.id)).toEqual([one.id, two.id]);
    expect(await h.stores.messages.listMessages(person.id, { afterSeq: three.seq, limit: 10 })).toEqual([]);
  });

  it("marks delivery, keeping the channel's id for the sent message (not unique across chats)", async () => {
    const [a, b] = [await h.person(), await h.person()];
    const sent = await h.stores.messages.recordOutbound({ personId: a.id, channel: "telegram", author: "bot", body: text("x") });
    const sameId = await h.stores.messages.recordOutbound({ personId: b.id, channel: "telegram", author: "bot", body: text("y") });
    const blocked = await h.stores.messages.recordOutbound({ personId: b.id, channel: "telegram", author: "bot", body: text("z") });
    await h.stores.messages.markDelivery(sent.id, "sent", "cm-2");
    await h.stores.messages.markDelivery(sameId.id, "sent", "cm-2");
    await h.stores.messages.markDelivery(blocked.id, "unreachable");
    expect((await h.stores.messages.listMessages(a.id, { limit: 5 }))[0]!.status).toBe("sent");
    expect((await h.stores.messages.listMessages(b.id, { limit: 5 })).map((m) => m.status)).toEqual(["sent", "unreachable"]);
    const rows = await h.db.prisma.message.findMany({ where: { id: { in: [sent.id, sameId.id, blocked.id] } }, orderBy: { seq: "asc" } });
    expect(rows.map((r) => [r.sentMessageId, r.sentAt !== null])).toEqual([
      ["cm-2", true],
      ["cm-2", true],
      [null, false],
    ]);
  });

  it("claims due retries oldest first, once each under a lease, and never claims a message given up on", async () => {
    const LEASE = at(HOUR);
    const person = await h.person({ channel: "telegram" });
    const third = await failed(person.id, text("third"), 1, at(-1 * MINUTE));
    const first = await failed(person.id, text("first"), 3, at(-3 * MINUTE));
    const second = await failed(person.id, text("second"), 2, at(-2 * MINUTE));
    const later = await failed(person.id, text("later"), 1, at(MINUTE));
    const givenUp = await failed(person.id, text("given up"), 5, null);

    expect(await h.stores.messages.claimDueRetries(T0, 2, LEASE)).toEqual([
      { id: first, personId: person.id, body: text("first"), attempts: 3, lane: "urgent" },
      { id: second, personId: person.id, body: text("second"), attempts: 2, lane: "urgent" },
    ]);
    expect((await h.stores.messages.claimDueRetries(T0, 10, LEASE)).map((m) => m.id)).toEqual([third]);
    expect(await h.stores.messages.claimDueRetries(T0, 10, LEASE)).toEqual([]);
    const statuses = new Map((await h.stores.messages.listMessages(person.id, { limit: 10 })).map((m) => [m.id, m.status]));
    expect([first, second, third, later, givenUp].map((id) => statuses.get(id))).toEqual(["pending", "pending", "pending", "failed", "failed"]);

    expect((await h.stores.messages.claimDueRetries(at(2 * MINUTE), 10, LEASE)).map((m) => m.id)).toEqual([later]);
    // A claim is a lease: a message still pending when it runs out (its sender died) is due again, in
    // order; the one given up on never is.
    expect((await h.stores.messages.claimDueRetries(at(1000 * HOUR), 10, at(1001 * HOUR))).map((m) => m.id)).toEqual([third, first, second, later]);
    expect(await h.stores.messages.claimDueRetries(at(1000 * HOUR), 10, at(1001 * HOUR))).toEqual([]);
  });

  it("gives two concurrent claims disjoint sets that together hold every due message", async () => {
    const LEASE = at(HOUR);
    const person = await h.person({ channel: "telegram" });
    const ids = await Promise.all(Array.from({ length: 30 }, (_, i) => failed(person.id, text(`m${i}`), 1, at(-HOUR + i * MINUTE))));
    const [a, b] = await Promise.all([h.stores.messages.claimDueRetries(T0, 20, LEASE), h.stores.messages.claimDueRetries(T0, 20, LEASE)]);
    const claimed = [...a, ...b].map((m) => m.id);
    expect(new Set(claimed).size).toBe(claimed.length);
    expect(claimed.sort()).toEqual([...ids].sort());
    expect(await h.stores.messages.claimDueRetries(T0, 50, LEASE)).toEqual([]);
  });

  it("links messages to a case, and lists the case's newest messages oldest first", async () => {
    const person = await h.person();
    const c = await h.openCase(person.id);
    const ask = await h.stores.messages.recordInbound({ personId: person.id, channel: "webchat", channelMessageId: "case-in-1", body: text("story") });
    const dup = await h.stores.messages.recordInbound({ personId: person.id, channel: "webchat", channelMessageId: "case-in-1", body: text("story") });
    const unlinked = await h.stores.messages.recordInbound({ personId: person.id, channel: "webchat", body: text("before the case") });
    await h.stores.messages.linkMessagesToCase([ask.id, dup.id], c.id);
    await h.stores.messages.linkMessagesToCase([], c.id);
    const reply = await h.stores.messages.recordOutbound({
      personId: person.id,
      channel: "webchat",
      author: "counsellor",
      body: text("reply 1"),
      caseId: c.id,
    });
    const reply2 = await h.stores.messages.recordOutbound({
      personId: person.id,
      channel: "webchat",
      author: "counsellor",
      body: text("reply 2"),
      caseId: c.id,
    });
    const bot = await h.stores.messages.recordOutbound({ personId: person.id, channel: "webchat", author: "bot", body: text("thanks"), caseId: c.id });
    await h.stores.messages.markDelivery(reply.id, "sent");

    const thread = await h.stores.messages.listCaseMessages(c.id, 10);
    expect(thread.map((m) => m.id)).toEqual([ask.id, reply.id, reply2.id, bot.id]);
    expect(thread.map((m) => m.id)).not.toContain(unlinked.id);
    const log = await h.stores.messages.listMessages(person.id, { limit: 10 });
    expect(log.map((m) => [m.id, m.caseId])).toEqual([
      [ask.id, c.id],
      [unlinked.id, null],
      [reply.id, c.id],
      [reply2.id, c.id],
      [bot.id, c.id],
    ]);
    expect(thread[0]).toEqual({
      id: ask.id,
      seq: expect.any(Number),
      direction: "inbound",
      author: "person",
      body: text("story"),
      status: "received",
      createdAt: expect.any(Date),
      removedAfterDays: null,
    });
    expect(thread[1]).toMatchObject({ direction: "outbound", author: "counsellor", status: "sent", body: text("reply 1") });
    expect((await h.stores.messages.listCaseMessages(c.id, 2)).map((m) => m.id)).toEqual([reply2.id, bot.id]);
    expect(await h.stores.messages.lastCounsellorMessageId(c.id)).toBe(reply2.id);
  });

  it("answers null for the last counsellor message of a case without one, and an empty thread", async () => {
    const person = await h.person();
    const c = await h.openCase(person.id);
    expect(await h.stores.messages.lastCounsellorMessageId(c.id)).toBeNull();
    await h.stores.messages.recordOutbound({ personId: person.id, channel: "webchat", author: "bot", body: text("auto"), caseId: c.id });
    expect(await h.stores.messages.lastCounsellorMessageId(c.id)).toBeNull();
    expect(await h.stores.messages.listCaseMessages((await h.openCase(person.id)).id, 10)).toEqual([]);
  });

  it("shows a case message sealed with a retired key as unreadable instead of failing", async () => {
    const person = await h.person();
    const c = await h.openCase(person.id);
    await h.stores.messages.recordOutbound({ personId: person.id, channel: "webchat", author: "bot", body: text("old key"), caseId: c.id });
    const [m] = await h.storesWithOtherKeys().messages.listCaseMessages(c.id, 10);
    expect(m!.body).toEqual({ kind: "unsupported", media: "unreadable" });
  });
  it("reports when the oldest unhandled inbound message was accepted (the inbox lag), anyone's, null when none", async () => {
    // The inbox is global: start from an empty one (rows other tests left unhandled are set aside).
    await h.db.prisma.message.updateMany({ where: { direction: "inbound", handledAt: null }, data: { handledAt: T0 } });
    expect(await h.stores.messages.oldestUnhandledAt()).toBeNull();
    const [a, b] = [await h.person(), await h.person()];
    const first = await h.stores.messages.recordInbound({ personId: a.id, channel: "webchat", body: text("first") });
    const second = await h.stores.messages.recordInbound({ personId: b.id, channel: "webchat", body: text("second") });
    await h.stores.messages.recordOutbound({ personId: a.id, channel: "webchat", author: "bot", body: text("outbound never counts") });
    const createdAt = async (id: string) => (await h.db.prisma.message.findUniqueOrThrow({ where: { id } })).createdAt;
    expect(await h.stores.messages.oldestUnhandledAt()).toEqual(await createdAt(first.id));
    await h.stores.messages.markHandled(first.id, T0);
    expect(await h.stores.messages.oldestUnhandledAt()).toEqual(await createdAt(second.id));
    await h.stores.messages.markHandled(second.id, T0);
    expect(await h.stores.messages.oldestUnhandledAt()).toBeNull();
  });

  it("counts the outbox: pending and failed-with-a-retry outbound messages, not sent, given up or inbound ones", async () => {
    const person = await h.person({ channel: "telegram" });
    const before = await h.stores.messages.outboxDepth();
    const pending = () => h.stores.messages.recordOutbound({ personId: person.id, channel: "telegram", author: "bot", body: text("p") });
    await pending();
    await pending();
    const sent = await pending();
    await h.stores.messages.markDelivery(sent.id, "sent");
    await failed(person.id, text("retry"), 1, at(MINUTE));
    await failed(person.id, text("gave up"), 5, null);
    await h.stores.messages.recordInbound({ personId: person.id, channel: "telegram", body: text("in") });
    expect(await h.stores.messages.outboxDepth()).toMatchObject({ pending: before.pending + 2, failed: before.failed + 1 });
  });
});
