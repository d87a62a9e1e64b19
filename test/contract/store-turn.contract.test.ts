// The message hot path's store contract (issue 14), on PGlite and (with TEST_DATABASE_URL) PostgreSQL:
// accept in one statement, a turn's reads after its lock and its writes in one statement, and the unit of
// work's plain transaction with its fallback to Prisma's when a turn needs another store.
import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import type { ConversationState } from "../../src/core/ports.ts";
import { DAY, HOUR, T0, at, backend, useStores } from "./store-harness.ts";

const h = useStores();
const text = (t: string) => ({ kind: "text" as const, text: t });
const accept = (externalId: string, channelMessageId?: string, t = "hi") =>
  h.stores.messages.acceptInbound({ channel: "telegram", externalId, locale: "en", channelMessageId, body: text(t) });
const state: ConversationState = {
  flow: "intake",
  step: "story",
  data: { subject: "child" },
  menu: { seq: 3, options: [{ id: "a", label: "A" }] },
  menuSeq: 3,
};

describe(`hot path stores (${backend})`, () => {
  it("accepts in one call: creates the person once, records the message, recognises a redelivery and whether it was handled", async () => {
    const who = `ext-${randomUUID()}`;
    const first = await accept(who, "m1");
    expect(first).toMatchObject({ duplicate: false, handled: false, handle: expect.stringMatching(/^[A-Z2-9]{4}$/) });
    const person = await h.stores.people.findPerson("telegram", who);
    expect(person).toMatchObject({ id: first.personId, handle: first.handle, locale: "en" });
    const second = await accept(who, "m2");
    expect(second).toMatchObject({ personId: first.personId, duplicate: false });
    expect(await accept(who, "m1")).toEqual({ ...first, duplicate: true, handled: false });
    await h.stores.messages.markHandled(first.id, T0);
    expect(await accept(who, "m1")).toEqual({ ...first, duplicate: true, handled: true });
    expect(await h.rawRows("Message", `"personId" = $1::uuid`, first.personId)).not.toContain(who);
  });

  it("creates one person when many first messages of one person race, and accepts each once", async () => {
    const who = `ext-${randomUUID()}`;
    const results = await Promise.all(Array.from({ length: 12 }, (_, i) => accept(who, `race-${who}-${i % 6}`)));
    expect(new Set(results.map((r) => r.personId)).size).toBe(1);
    expect(results.filter((r) => !r.duplicate)).toHaveLength(6);
    expect(new Set(results.map((r) => r.id)).size).toBe(6);
  });

  it("opens a turn with the person, their state and the oldest unhandled message, and closes it in one write", async () => {
    const who = `ext-${randomUUID()}`;
    const a = await accept(who, `a-${who}`, "first");
    const b = await accept(who, `b-${who}`, "second");
    const lease = new Date(T0.getTime() + 120_000);
    const outcome = await h.stores.unitOfWork.run(async (stores) => {
      const start = await stores.conversations.openTurn(a.personId, { lockName: `turn:telegram:${who}`, inbox: true });
      expect(start).toMatchObject({
        person: { id: a.personId, locale: "en", reachable: true },
        conversation: null,
        inbound: { id: a.id, body: text("first"), attempts: 0 },
        more: true,
      });
      const replies = await stores.conversations.closeTurn({
        personId: a.personId,
        channel: "telegram",
        inboundId: a.id,
        now: T0,
        state,
        replies: [
          { body: text("r1"), leaseUntil: lease },
          { body: text("r2"), leaseUntil: lease },
        ],
      });
      return replies;
    });
    expect(outcome).toHaveLength(2);
    expect(outcome[1]!.seq).toBeGreaterThan(outcome[0]!.seq);
    expect(await h.stores.conversations.getConversation(a.personId)).toMatchObject({ ...state, updatedAt: expect.any(Date) });
    const log = await h.stores.messages.listMessages(a.personId, { limit: 10 });
    expect(log.map((m) => [m.direction, m.body, m.status])).toEqual([
      ["inbound", text("first"), "received"],
      ["inbound", text("second"), "received"],
      ["outbound", text("r1"), "pending"],
      ["outbound", text("r2"), "pending"],
    ]);
    expect(await h.stores.messages.nextUnhandled(a.personId)).toMatchObject({ id: b.id });
    const next = await h.stores.unitOfWork.run((stores) => stores.conversations.openTurn(a.personId, { lockName: `turn:telegram:${who}`, inbox: true }));
    expect(next).toMatchObject({ conversation: { flow: "intake", step: "story", menuSeq: 3 }, inbound: { id: b.id }, more: false });
    expect(await h.stores.unitOfWork.run((stores) => stores.conversations.openTurn(randomUUID(), { lockName: "turn:x", inbox: true }))).toBeNull();
  });

  it("runs a turn that needs another store again in the full transaction, and rolls back everything of a failed turn", async () => {
    const who = `ext-${randomUUID()}`;
    const a = await accept(who, `f-${who}`);
    let runs = 0;
    const cases = await h.stores.unitOfWork.run(async (stores) => {
      runs += 1;
      await stores.conversations.openTurn(a.personId, { lockName: `turn:telegram:${who}`, inbox: true });
      await stores.people.updatePerson(a.personId, { locale: "vi" });
      const found = await stores.cases.listCases(a.personId); // not on the plain path: the turn runs again
      await stores.conversations.closeTurn({
        personId: a.personId,
        channel: "telegram",
        inboundId: a.id,
        now: T0,
        state,
        replies: [{ body: text("once"), leaseUntil: T0 }],
      });
      return found;
    });
    expect(cases).toEqual([]);
    expect(runs).toBe(2);
    expect(await h.stores.people.getPerson(a.personId)).toMatchObject({ locale: "vi" });
    expect(await h.stores.messages.nextUnhandled(a.personId)).toBeNull();
    expect((await h.stores.messages.listMessages(a.personId, { limit: 10 })).filter((m) => m.direction === "outbound")).toHaveLength(1);

    const b = await accept(who, `g-${who}`);
    await expect(
      h.stores.unitOfWork.run(async (stores) => {
        await stores.conversations.openTurn(b.personId, { lockName: `turn:telegram:${who}`, inbox: true });
        await stores.people.updatePerson(b.personId, { locale: "en" });
        await stores.conversations.closeTurn({
          personId: b.personId,
          channel: "telegram",
          inboundId: b.id,
          now: T0,
          state: { ...state, step: "x" },
          replies: [{ body: text("lost"), leaseUntil: T0 }],
        });
        throw new Error("flow failed");
      }),
    ).rejects.toThrow("flow failed");
    expect(await h.stores.people.getPerson(b.personId)).toMatchObject({ locale: "vi" });
    expect(await h.stores.messages.nextUnhandled(b.personId)).toMatchObject({ id: b.id });
    expect(await h.stores.conversations.getConversation(b.personId)).toMatchObject({ step: "story" });
  });

  it("keeps any text intact through a turn's writes (quotes, backslashes, $n, Vietnamese, emoji), committed with the last one", async () => {
    const who = `ext-${randomUUID()}`;
    const a = await accept(who, `q-${who}`, "it's");
    const tricky = `it's \\ "quoted" \\' $1 $2::uuid E'\\x' -- ; COMMIT; Tiếng Việt có dấu 🙂 \n end`;
    const saved: ConversationState = { ...state, step: `'); DROP TABLE "Message"; --`, data: { note: tricky, list: [tricky, 1, null] } };
    let seenInside: unknown = "not read";
    await h.stores.unitOfWork.run(async (stores) => {
      await stores.conversations.openTurn(a.personId, { lockName: `turn:telegram:${who}`, inbox: true });
      await stores.conversations.closeTurn({
        personId: a.personId,
        channel: "telegram",
        inboundId: a.id,
        now: T0,
        state: saved,
        replies: [{ body: text(tricky), leaseUntil: T0 }],
        last: true,
      });
      // On PostgreSQL the last write went out with COMMIT: another connection sees the turn already.
      if (backend === "PostgreSQL") seenInside = await h.stores.messages.nextUnhandled(a.personId);
    });
    if (backend === "PostgreSQL") expect(seenInside).toBeNull();
    expect(await h.stores.conversations.getConversation(a.personId)).toMatchObject({ step: saved.step, data: saved.data });
    const log = await h.stores.messages.listMessages(a.personId, { limit: 10 });
    expect(log.map((m) => m.body)).toEqual([text("it's"), text(tricky)]);
  });

  it("answers the RSVP-by-digit check (clubs.newestNotice) on the plain path, newest scheduled meeting only", async () => {
    const who = `ext-${randomUUID()}`;
    const a = await accept(who, `n-${who}`, "1");
    const club = await h.stores.clubs.createClub({
      name: `Club ${who}`,
      kind: "family_club",
      provinceCode: 1,
      wardCode: null,
      joinCode: who.slice(-8).toUpperCase(),
    });
    const meeting = (days: number) =>
      h.stores.clubs.createMeeting({ clubId: club.id, startsAt: at(days * DAY), place: "P", agendaVi: "", agendaEn: "", createdById: null });
    const [older, newer] = [await meeting(2), await meeting(3)];
    await h.stores.clubs.recordNotice({ meetingId: older.id, personId: a.personId, kind: "notice", revision: 0, at: at(HOUR) });
    await h.stores.clubs.recordNotice({ meetingId: newer.id, personId: a.personId, kind: "notice", revision: 0, at: at(2 * HOUR) });
    await h.stores.clubs.cancelMeeting(newer.id);
    let runs = 0;
    const newest = await h.stores.unitOfWork.run(async (stores) => {
      runs += 1;
      await stores.conversations.openTurn(a.personId, { lockName: `turn:telegram:${who}`, inbox: true });
      const found = await stores.clubs.newestNotice(a.personId);
      await stores.conversations.closeTurn({ personId: a.personId, channel: "telegram", inboundId: a.id, now: T0, state, replies: [] });
      return found;
    });
    expect(runs).toBe(1);
    expect(newest).toEqual({ meetingId: older.id, at: at(HOUR) });
    expect(newest).toEqual(await h.stores.clubs.newestNotice(a.personId));
  });

  it("answers the case look-ups on the plain path when they find nothing, and runs the turn in Prisma's when they find a case", async () => {
    const person = await h.person({ channel: "telegram" });
    const lookUp = async (closedSince: Date) => {
      let runs = 0;
      const found = await h.stores.unitOfWork.run(async (stores) => {
        runs += 1;
        return [await stores.cases.findOpenCase(person.id), await stores.cases.findRecentlyClosedCase(person.id, closedSince)] as const;
      });
      return { runs, open: found[0]?.id ?? null, closed: found[1]?.id ?? null };
    };
    expect(await lookUp(at(-30 * DAY))).toEqual({ runs: 1, open: null, closed: null });
    const kase = await h.openCase(person.id);
    expect(await lookUp(at(-30 * DAY))).toEqual({ runs: 2, open: kase.id, closed: null });
    expect(await h.stores.cases.closeCase(kase.id, "answered", at(-10 * DAY))).toBe(true);
    // Closed ten days ago: found when looking back 30 days (exactly ten too), not when looking back five.
    expect(await lookUp(at(-30 * DAY))).toEqual({ runs: 2, open: null, closed: kase.id });
    expect(await lookUp(at(-10 * DAY))).toEqual({ runs: 2, open: null, closed: kase.id });
    expect(await lookUp(at(-10 * DAY + 1))).toEqual({ runs: 1, open: null, closed: null });
  });
});
