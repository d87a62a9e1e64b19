// PersonStore and ConversationStore contract, on PGlite and (with TEST_DATABASE_URL) PostgreSQL.
import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { createSealer } from "../../src/shared/crypto/sealer.ts";
import { DAY, T0, at, backend, useStores } from "./store-harness.ts";

const h = useStores();

describe(`PersonStore (${backend})`, () => {
  it("finds or creates one person per channel identity, with a short handle", async () => {
    const a = await h.stores.people.findOrCreatePerson({ channel: "telegram", externalId: "12345", locale: "en" });
    const b = await h.stores.people.findOrCreatePerson({ channel: "telegram", externalId: "12345", locale: "vi" });
    const c = await h.stores.people.findOrCreatePerson({ channel: "zalo", externalId: "12345", locale: "vi" });
    expect(a.created).toBe(true);
    expect(b).toEqual({ person: a.person, created: false });
    expect(c.created).toBe(true);
    expect(c.person.id).not.toBe(a.person.id);
    expect(a.person).toMatchObject({ channel: "telegram", locale: "en", reachable: true, handle: expect.stringMatching(/^[A-Z2-9]{4}$/) });
    expect(await h.stores.people.findPerson("telegram", "12345")).toEqual(a.person);
    expect(await h.stores.people.findPerson("webchat", "12345")).toBeNull();
    expect(await h.stores.people.getPerson(c.person.id)).toEqual(c.person);
  });

  it("creates one person when two first messages race", async () => {
    const input = { channel: "zalo" as const, externalId: "racing-first-message", locale: "vi" as const };
    const results = await Promise.all([h.stores.people.findOrCreatePerson(input), h.stores.people.findOrCreatePerson(input)]);
    expect(results.map((r) => r.created).sort()).toEqual([false, true]);
    expect(results[0].person.id).toBe(results[1].person.id);
  });

  it("unseals the messenger id for sending, and answers null for an unknown person", async () => {
    const { person } = await h.stores.people.findOrCreatePerson({ channel: "zalo", externalId: "zalo-user-77", locale: "en" });
    expect(await h.stores.people.getAddress(person.id)).toEqual({ channel: "zalo", externalId: "zalo-user-77", locale: "en", reachable: true });
    const unknown = "00000000-0000-4000-8000-000000000000";
    expect(await h.stores.people.getAddress(unknown)).toBeNull();
    expect(await h.stores.people.getPerson(unknown)).toBeNull();
  });

  it("never stores messenger ids or message text in plain text", async () => {
    const { person } = await h.stores.people.findOrCreatePerson({ channel: "zalo", externalId: "a1b2c3d4e5f6a7b8c9d0", locale: "vi" });
    await h.stores.messages.recordInbound({
      personId: person.id,
      channel: "zalo",
      channelMessageId: "m-secret",
      body: { kind: "text", text: "con tôi nghiện ma túy" },
    });
    const dump = (await h.rawRows("Person", "id = $1::uuid", person.id)) + (await h.rawRows("Message", `"personId" = $1::uuid`, person.id));
    expect(dump).not.toContain("a1b2c3d4e5f6a7b8c9d0");
    expect(dump).not.toContain("nghiện");
    expect((await h.stores.messages.listMessages(person.id, { limit: 10 }))[0]!.body).toEqual({ kind: "text", text: "con tôi nghiện ma túy" });
  });

  it("updates locale, reachability and last seen", async () => {
    const person = await h.person();
    await h.stores.people.updatePerson(person.id, { locale: "en", reachable: false, lastSeenAt: T0 });
    expect(await h.stores.people.getPerson(person.id)).toEqual({ ...person, locale: "en", reachable: false, lastSeenAt: T0 });
    expect(await h.stores.people.getAddress(person.id)).toMatchObject({ locale: "en", reachable: false });
    expect((await h.db.prisma.person.findUniqueOrThrow({ where: { id: person.id } })).lastSeenAt).toEqual(T0);
    await h.stores.people.updatePerson(person.id, { reachable: true });
    expect(await h.stores.people.getPerson(person.id)).toMatchObject({ locale: "en", reachable: true });
  });

  it("moves a person to another messenger id: the old one no longer finds them", async () => {
    const person = await h.person();
    const address = (await h.stores.people.getAddress(person.id))!;
    await h.stores.people.rebindPerson(person.id, "new-session-id");
    expect(await h.stores.people.findPerson(address.channel, address.externalId)).toBeNull();
    expect((await h.stores.people.findPerson(address.channel, "new-session-id"))?.id).toBe(person.id);
    expect((await h.stores.people.getAddress(person.id))?.externalId).toBe("new-session-id");
  });

  it("deletes a person with their conversation, messages and cases, and leaves others alone", async () => {
    const person = await h.person();
    const other = await h.person();
    const staff = await h.staffMember();
    const c = await h.openCase(person.id);
    const kept = await h.openCase(other.id);
    await h.stores.messages.recordInbound({ personId: person.id, channel: "webchat", body: { kind: "text", text: "bye" } });
    await h.stores.messages.recordInbound({ personId: other.id, channel: "webchat", body: { kind: "text", text: "stay" } });
    await h.stores.conversations.saveConversation(person.id, { flow: "menu", step: "main", data: {}, menu: null, menuSeq: 1 });
    await h.stores.cases.claimCase(c.id, staff.id, T0);
    await h.stores.notes.addNote({ caseId: c.id, staffId: staff.id, body: "note", now: T0 });
    await h.stores.staffAlerts.claimStaffAlert({ caseId: c.id, staffId: staff.id, priority: 1, now: T0 });

    await h.stores.people.deletePersonData(person.id);

    expect(await h.stores.people.getPerson(person.id)).toBeNull();
    expect(await h.stores.conversations.getConversation(person.id)).toBeNull();
    expect(await h.stores.messages.listMessages(person.id, { limit: 10 })).toEqual([]);
    expect(await h.stores.cases.listCases(person.id)).toEqual([]);
    expect(await h.stores.cases.findCaseById(c.id)).toBeNull();
    expect(await h.db.prisma.caseNote.count({ where: { caseId: c.id } })).toBe(0);
    expect(await h.db.prisma.caseAssignment.count({ where: { caseId: c.id } })).toBe(0);
    expect(await h.db.prisma.staffAlert.count({ where: { caseId: c.id } })).toBe(0);
    expect(await h.stores.staff.getStaff(staff.id)).not.toBeNull();
    expect(await h.stores.cases.findCaseById(kept.id)).not.toBeNull();
    expect(await h.stores.messages.listMessages(other.id, { limit: 10 })).toHaveLength(1);
    await expect(h.stores.people.deletePersonData(person.id)).resolves.toBeUndefined();
  });

  it("reads envelopes sealed with an older key after rotation", () => {
    const oldKey = randomBytes(32);
    const hmac = randomBytes(32);
    const before = createSealer({ currentId: "k1", keys: new Map([["k1", oldKey]]) }, hmac);
    const after = createSealer(
      {
        currentId: "k2",
        keys: new Map([
          ["k1", oldKey],
          ["k2", randomBytes(32)],
        ]),
      },
      hmac,
    );
    const sealed = before.seal("bí mật");
    expect(after.open(sealed)).toBe("bí mật");
    expect(after.seal("x").split(".")[1]).toBe("k2");
    expect(() => after.open(sealed.replace(/.$/, (c) => (c === "A" ? "B" : "A")))).toThrow();
  });
});

describe(`ConversationStore (${backend})`, () => {
  it("keeps the conversation state, and clears the menu", async () => {
    const person = await h.person();
    expect(await h.stores.conversations.getConversation(person.id)).toBeNull();
    const menu = { seq: 3, options: [{ id: "a", label: "A" }] };
    await h.stores.conversations.saveConversation(person.id, { flow: "intake", step: "concern", data: { subject: "child" }, menu, menuSeq: 3 });
    expect(await h.stores.conversations.getConversation(person.id)).toEqual({
      flow: "intake",
      step: "concern",
      data: { subject: "child" },
      menu,
      menuSeq: 3,
      updatedAt: expect.any(Date),
    });
    await h.stores.conversations.saveConversation(person.id, { flow: "menu", step: "idle", data: {}, menu: null, menuSeq: 4 });
    expect(await h.stores.conversations.getConversation(person.id)).toMatchObject({ flow: "menu", step: "idle", data: {}, menu: null, menuSeq: 4 });
  });

  it("resets only conversations of the flow untouched since the cut-off", async () => {
    const [old, fresh, otherFlow] = [await h.person(), await h.person(), await h.person()];
    const state = { step: "story", data: { subject: "self" }, menu: { seq: 2, options: [{ id: "x", label: "X" }] }, menuSeq: 2 };
    await h.stores.conversations.saveConversation(old.id, { flow: "intake-reset", ...state });
    await h.stores.conversations.saveConversation(fresh.id, { flow: "intake-reset", ...state });
    await h.stores.conversations.saveConversation(otherFlow.id, { flow: "referral-reset", ...state });
    // updatedAt is written by Prisma from the wall clock: pin it to fixed dates around the cut-off.
    const pin = (personId: string, updatedAt: Date) => h.db.prisma.conversation.update({ where: { personId }, data: { updatedAt } });
    await pin(old.id, at(-8 * DAY));
    await pin(fresh.id, at(-7 * DAY)); // exactly at the cut-off: not before it
    await pin(otherFlow.id, at(-30 * DAY));

    expect(await h.stores.conversations.resetStaleConversations("intake-reset", at(-7 * DAY))).toBe(1);
    expect(await h.stores.conversations.getConversation(old.id)).toMatchObject({ flow: "menu", step: "idle", data: {}, menu: null, menuSeq: 3 });
    expect(await h.stores.conversations.getConversation(fresh.id)).toMatchObject({ flow: "intake-reset", step: "story", menuSeq: 2 });
    expect(await h.stores.conversations.getConversation(otherFlow.id)).toMatchObject({ flow: "referral-reset" });
    expect(await h.stores.conversations.resetStaleConversations("intake-reset", at(-7 * DAY))).toBe(0);
  });
});
