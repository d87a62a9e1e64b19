// Broadcasts and tip subscriptions in the store, on PGlite and (with TEST_DATABASE_URL) PostgreSQL:
// who is in an audience (opted in only; members who left and unreachable people never), the exact
// count, delivery rows made once per person, cancel, and the counts the progress page shows.
import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import type { Audience } from "../../src/core/broadcasts/ports.ts";
import { DAY, T0, at, backend, useStores } from "./store-harness.ts";

const h = useStores();
let codes = 0;

async function club(provinceCode = 1) {
  codes += 1;
  return h.db.prisma.club.create({
    data: { name: `Club ${codes}`, kind: "family_club", provinceCode, joinCode: `C${codes}${randomUUID().slice(0, 6).toUpperCase()}` },
  });
}
async function member(clubId: string, over: { left?: boolean; reachable?: boolean } = {}) {
  const p = await h.person({ channel: "telegram" });
  await h.db.prisma.clubMember.create({
    data: { clubId, personId: p.id, displayNameEnc: h.sealer.seal("nick"), consentAt: T0, leftAt: over.left ? T0 : null },
  });
  if (over.reachable === false) await h.stores.people.updatePerson(p.id, { reachable: false });
  return p;
}
async function subscriber(provinceCode: number | null, over: { reachable?: boolean; unsubscribed?: boolean; locale?: "vi" | "en" } = {}) {
  const p = await h.person({ channel: "telegram", locale: over.locale ?? "vi" });
  await h.stores.tips.subscribe({ personId: p.id, provinceCode, now: T0, firstDueAt: T0 });
  if (over.unsubscribed) await h.stores.tips.unsubscribe(p.id, T0);
  if (over.reachable === false) await h.stores.people.updatePerson(p.id, { reachable: false });
  return p;
}
const draft = async (audience: Audience) => {
  const staff = await h.staffMember({ role: "admin" });
  return h.stores.broadcasts.create({ createdById: staff.id, audience, body: { vi: "Xin chào", en: "Hello" } }, T0);
};

describe(`broadcast store (${backend})`, () => {
  it("a club's audience is its current, reachable members only", async () => {
    const c = await club();
    const stays = [await member(c.id), await member(c.id)];
    await member(c.id, { left: true });
    await member(c.id, { reachable: false });
    await subscriber(1); // opted into tips, not a member: not in the club's audience
    const audience: Audience = { kind: "club", clubId: c.id };
    expect(await h.stores.broadcasts.countAudience(audience)).toBe(2);
    const b = await draft(audience);
    expect(b).toMatchObject({ status: "draft", audience, provinceCode: 1, body: { vi: "Xin chào", en: "Hello" } });
    expect(await h.stores.broadcasts.markSending(b.id, 2, T0)).toBe(true);
    expect(await h.stores.broadcasts.markSending(b.id, 2, T0)).toBe(false);
    expect(await h.stores.broadcasts.addDeliveries(b.id, audience, 1)).toBe(1);
    expect(await h.stores.broadcasts.addDeliveries(b.id, audience, 10)).toBe(1);
    expect(await h.stores.broadcasts.addDeliveries(b.id, audience, 10)).toBe(0);
    const planned = await h.stores.broadcasts.plannedDeliveries(b.id, 10);
    expect(planned.map((p) => p.personId).sort()).toEqual(stays.map((p) => p.id).sort());
  });

  it("area subscribers and everyone who opted in: active subscriptions of reachable people", async () => {
    const province = 79;
    const before = await h.stores.broadcasts.countAudience({ kind: "all_opted_in" });
    await subscriber(province);
    await subscriber(province, { locale: "en" });
    await subscriber(province, { unsubscribed: true });
    await subscriber(province, { reachable: false });
    await subscriber(48);
    await subscriber(null);
    expect(await h.stores.broadcasts.countAudience({ kind: "area_subscribers", provinceCode: province })).toBe(2);
    expect(await h.stores.broadcasts.countAudience({ kind: "all_opted_in" })).toBe(before + 4);
  });

  it("counts deliveries by their outbox message, and cancel stops the queued ones only", async () => {
    const c = await club(31);
    const people = [await member(c.id), await member(c.id), await member(c.id), await member(c.id)];
    const audience: Audience = { kind: "club", clubId: c.id };
    const b = await draft(audience);
    await h.stores.broadcasts.markSending(b.id, 4, T0);
    await h.stores.broadcasts.addDeliveries(b.id, audience, 3);
    const planned = await h.stores.broadcasts.plannedDeliveries(b.id, 10);
    const queued = [];
    for (const p of planned) {
      const m = await h.stores.messages.enqueueOutbound({
        personId: p.personId,
        channel: "telegram",
        author: "bot",
        body: { kind: "text", text: "x" },
        lane: "bulk",
        dueAt: T0,
        idempotencyKey: `broadcast:${b.id}:${p.personId}`,
      });
      queued.push({ personId: p.personId, messageId: m.id });
    }
    await h.stores.broadcasts.markQueued(b.id, queued);
    // One sent, one being sent (claimed by a sender), one still queued; the fourth person has no row yet.
    await h.stores.messages.settleSends([{ id: queued[0]!.messageId, status: "sent", attempts: 1 }]);
    await h.db.prisma.message.update({ where: { id: queued[1]!.messageId }, data: { status: "pending" } });
    const counts = await h.stores.broadcasts.counts(b.id);
    expect(counts).toMatchObject({
      recipients: 3,
      planned: 0,
      queued: 2,
      sent: 1,
      failed: 0,
      unreachable: 0,
      cancelled: 0,
      remainingByChannel: { telegram: 2 },
    });
    expect(await h.stores.broadcasts.listUnfannedOut(100)).toContain(b.id);

    expect(await h.stores.broadcasts.cancel(b.id, at(DAY))).toEqual({ stopped: 1 });
    expect(await h.stores.broadcasts.cancel(b.id, at(DAY))).toBeNull();
    const after = await h.stores.broadcasts.counts(b.id);
    expect(after).toMatchObject({ sent: 1, queued: 1, cancelled: 1 });
    expect(await h.db.prisma.message.findUniqueOrThrow({ where: { id: queued[2]!.messageId } })).toMatchObject({ status: "failed", nextAttemptAt: null });
    expect((await h.stores.broadcasts.get(b.id))?.status).toBe("cancelled");
    expect(people).toHaveLength(4);
  });

  it("finishes a broadcast once every delivery is settled", async () => {
    const c = await club();
    await member(c.id);
    const audience: Audience = { kind: "club", clubId: c.id };
    const b = await draft(audience);
    await h.stores.broadcasts.markSending(b.id, 1, T0);
    await h.stores.broadcasts.addDeliveries(b.id, audience, 10);
    const [p] = await h.stores.broadcasts.plannedDeliveries(b.id, 10);
    const m = await h.stores.messages.enqueueOutbound({
      personId: p!.personId,
      channel: "telegram",
      author: "bot",
      body: { kind: "text", text: "x" },
      lane: "bulk",
      dueAt: T0,
    });
    await h.stores.broadcasts.markQueued(b.id, [{ personId: p!.personId, messageId: m.id }]);
    await h.stores.broadcasts.markFannedOut(b.id, T0);
    expect(await h.stores.broadcasts.markDoneIfSettled(b.id, T0)).toBe(false);
    await h.stores.messages.settleSends([{ id: m.id, status: "unreachable", attempts: 1 }]);
    expect(await h.stores.broadcasts.markDoneIfSettled(b.id, T0)).toBe(true);
    expect(await h.stores.broadcasts.counts(b.id)).toMatchObject({ unreachable: 1, queued: 0 });
    expect(await h.stores.broadcasts.get(b.id)).toMatchObject({ status: "done", finishedAt: T0 });
  });

  it("lists broadcasts by scope: clubs by id, areas and clubs by province", async () => {
    const inHue = await club(46);
    const elsewhere = await club(92);
    const a = await draft({ kind: "club", clubId: inHue.id });
    const z = await draft({ kind: "club", clubId: elsewhere.id });
    const area = await draft({ kind: "area_subscribers", provinceCode: 46 });
    const ids = async (scope: { clubIds: string[]; provinceCodes: number[] }) => (await h.stores.broadcasts.list({ scope, limit: 500 })).map((x) => x.id);
    expect(await ids({ clubIds: [inHue.id], provinceCodes: [] })).toEqual([a.id]);
    expect((await ids({ clubIds: [], provinceCodes: [46] })).sort()).toEqual([a.id, area.id].sort());
    expect(await ids({ clubIds: [], provinceCodes: [46] })).not.toContain(z.id);
  });
});

describe(`tip store (${backend})`, () => {
  it("subscribes, lists due tips of reachable people, plans the next, unsubscribes and subscribes again", async () => {
    const p = await h.person({ locale: "en" });
    expect(await h.stores.tips.subscribe({ personId: p.id, provinceCode: null, now: T0, firstDueAt: at(DAY) })).toEqual({ already: false });
    expect(await h.stores.tips.subscribe({ personId: p.id, provinceCode: 1, now: T0, firstDueAt: T0 })).toEqual({ already: true });
    expect(await h.stores.tips.get(p.id)).toMatchObject({ provinceCode: 1, nextDueAt: at(DAY), tipsSent: 0 });
    expect((await h.stores.tips.listDue(T0, 1000)).map((s) => s.personId)).not.toContain(p.id);
    const due = (await h.stores.tips.listDue(at(DAY), 1000)).find((s) => s.personId === p.id);
    expect(due).toMatchObject({ locale: "en", tipsSent: 0 });
    await h.stores.tips.markSent(p.id, at(DAY), at(8 * DAY));
    expect(await h.stores.tips.get(p.id)).toMatchObject({ tipsSent: 1, lastSentAt: at(DAY), nextDueAt: at(8 * DAY) });
    expect(await h.stores.tips.unsubscribe(p.id, at(2 * DAY))).toBe(true);
    expect(await h.stores.tips.unsubscribe(p.id, at(2 * DAY))).toBe(false);
    expect((await h.stores.tips.listDue(at(30 * DAY), 1000)).map((s) => s.personId)).not.toContain(p.id);
    // Subscribing again never brings the next tip forward: a week after the last one at the earliest.
    await h.stores.tips.subscribe({ personId: p.id, provinceCode: null, now: at(3 * DAY), firstDueAt: at(3 * DAY) });
    expect(await h.stores.tips.get(p.id)).toMatchObject({ unsubscribedAt: null, nextDueAt: at(8 * DAY), provinceCode: 1 });
  });
});
