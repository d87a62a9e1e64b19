// The Store port's contract, run on the embedded database and (with TEST_DATABASE_URL) on PostgreSQL.
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Store } from "../../src/core/ports.ts";
import { createSealer } from "../../src/shared/crypto/sealer.ts";
import { createStore, openDatabase, type Database } from "../../src/store/index.ts";
import { pgliteTemplate } from "../helpers/pglite-template.ts";
import { createTestDatabase, onPostgres } from "../helpers/start-app.ts";

let db: Database;
let store: Store;
let drop: (() => Promise<void>) | undefined;
const sealer = createSealer({ currentId: "k1", keys: new Map([["k1", randomBytes(32)]]) }, randomBytes(32));

beforeAll(async () => {
  if (onPostgres()) {
    const created = await createTestDatabase();
    drop = created.drop;
    db = await openDatabase({ kind: "postgres", url: created.url });
  } else {
    db = await openDatabase({ kind: "pglite", template: await pgliteTemplate() });
  }
  store = createStore(db.prisma, sealer);
});
afterAll(async () => {
  await db?.close();
  await drop?.();
});

const newCase = (personId: string, over: Partial<Parameters<Store["createCase"]>[0]> = {}) =>
  store.createCase({ personId, subject: "child", concern: "drug_use", urgency: "week", provinceCode: 1, wardCode: null, priority: 2, dangerFlags: [], locale: "vi", channel: "webchat", ...over });

describe(`Store contract (${onPostgres() ? "PostgreSQL" : "PGlite"})`, () => {
  it("finds or creates one person per channel identity, with a short handle", async () => {
    const a = await store.findOrCreatePerson({ channel: "telegram", externalId: "12345", locale: "en" });
    const b = await store.findOrCreatePerson({ channel: "telegram", externalId: "12345", locale: "vi" });
    const c = await store.findOrCreatePerson({ channel: "zalo", externalId: "12345", locale: "vi" });
    expect(a.created).toBe(true);
    expect(b).toEqual({ person: a.person, created: false });
    expect(c.person.id).not.toBe(a.person.id);
    expect(a.person.handle).toMatch(/^[A-Z2-9]{4}$/);
    expect(await store.getAddress(a.person.id)).toMatchObject({ channel: "telegram", externalId: "12345", locale: "en" });
  });

  it("never stores messenger ids or message text in plain text", async () => {
    const { person } = await store.findOrCreatePerson({ channel: "zalo", externalId: "a1b2c3d4e5f6a7b8c9d0", locale: "vi" });
    await store.recordInbound({ personId: person.id, channel: "zalo", channelMessageId: "m-secret", body: { kind: "text", text: "con tôi nghiện ma túy" } });
    const people = await db.prisma.$queryRawUnsafe<Array<Record<string, unknown>>>(`SELECT * FROM "Person" WHERE id = $1::uuid`, person.id);
    const messages = await db.prisma.$queryRawUnsafe<Array<Record<string, unknown>>>(`SELECT * FROM "Message" WHERE "personId" = $1::uuid`, person.id);
    const dump = JSON.stringify([people, messages], (_k, v: unknown) => (typeof v === "bigint" ? v.toString() : v));
    expect(dump).not.toContain("a1b2c3d4e5f6a7b8c9d0");
    expect(dump).not.toContain("nghiện");
    expect((await store.listMessages(person.id, { limit: 10 }))[0]!.body).toEqual({ kind: "text", text: "con tôi nghiện ma túy" });
  });

  it("reports a repeated channel message id as a duplicate", async () => {
    const { person } = await store.findOrCreatePerson({ channel: "telegram", externalId: "dup", locale: "vi" });
    const first = await store.recordInbound({ personId: person.id, channel: "telegram", channelMessageId: "777", body: { kind: "text", text: "a" } });
    const again = await store.recordInbound({ personId: person.id, channel: "telegram", channelMessageId: "777", body: { kind: "text", text: "a" } });
    const otherChannel = await store.recordInbound({ personId: person.id, channel: "zalo", channelMessageId: "777", body: { kind: "text", text: "a" } });
    expect([first.duplicate, again.duplicate, otherChannel.duplicate]).toEqual([false, true, false]);
  });

  it("keeps conversation state, and lists messages in order after a seq", async () => {
    const { person } = await store.findOrCreatePerson({ channel: "webchat", externalId: "s1", locale: "vi" });
    await store.saveConversation(person.id, { flow: "intake", step: "concern", data: { subject: "child" }, menu: { seq: 3, options: [{ id: "a", label: "A" }] }, menuSeq: 3 });
    expect(await store.getConversation(person.id)).toMatchObject({ flow: "intake", step: "concern", data: { subject: "child" }, menu: { seq: 3 }, menuSeq: 3 });
    await store.saveConversation(person.id, { flow: "menu", step: "idle", data: {}, menu: null, menuSeq: 3 });
    expect((await store.getConversation(person.id))!.menu).toBeNull();
    const out1 = await store.recordOutbound({ personId: person.id, channel: "webchat", author: "bot", body: { kind: "text", text: "one" } });
    const out2 = await store.recordOutbound({ personId: person.id, channel: "webchat", author: "bot", body: { kind: "text", text: "two" } });
    await store.markDelivery(out2.id, "sent", "cm-2");
    // Sent-message ids are only unique per chat on Telegram: another person's reply may reuse one.
    const other = await store.findOrCreatePerson({ channel: "webchat", externalId: "s2", locale: "vi" });
    const out3 = await store.recordOutbound({ personId: other.person.id, channel: "webchat", author: "bot", body: { kind: "text", text: "three" } });
    await store.markDelivery(out3.id, "sent", "cm-2");
    const after = await store.listMessages(person.id, { afterSeq: out1.seq, limit: 10 });
    expect(after.map((m) => [m.body.kind === "text" && m.body.text, m.status])).toEqual([["two", "sent"]]);
  });

  it("creates cases, finds the open one, raises priority, and links messages", async () => {
    const { person } = await store.findOrCreatePerson({ channel: "webchat", externalId: "case-owner", locale: "vi" });
    const c = await newCase(person.id);
    expect(c).toMatchObject({ status: "open", priority: 2, handle: expect.stringMatching(/^[A-Z2-9]{4}$/) });
    expect((await store.findOpenCase(person.id))!.id).toBe(c.id);
    await store.updateCase(c.id, { priority: 0, dangerFlags: ["overdose"] });
    expect((await store.listCases(person.id))[0]).toMatchObject({ priority: 0, dangerFlags: ["overdose"] });
    const m = await store.recordInbound({ personId: person.id, channel: "webchat", channelMessageId: "x1", body: { kind: "text", text: "story" } });
    await store.linkMessagesToCase([m.id], c.id);
    expect((await store.listMessages(person.id, { limit: 10 }))[0]!.caseId).toBe(c.id);
  });

  it("reopens only a case closed since the cut-off, keeping its priority", async () => {
    const { person } = await store.findOrCreatePerson({ channel: "webchat", externalId: "comes-back", locale: "vi" });
    const c = await newCase(person.id, { priority: 1 });
    await db.prisma.case.update({ where: { id: c.id }, data: { status: "closed", outcome: "answered", closedAt: new Date(Date.now() - 40 * 86_400_000) } });
    expect(await store.reopenLatestCase(person.id, new Date(Date.now() - 30 * 86_400_000))).toBeNull();
    await db.prisma.case.update({ where: { id: c.id }, data: { closedAt: new Date(Date.now() - 86_400_000) } });
    const reopened = await store.reopenLatestCase(person.id, new Date(Date.now() - 30 * 86_400_000));
    expect(reopened).toMatchObject({ id: c.id, status: "open", priority: 1 });
    expect(await db.prisma.case.findUniqueOrThrow({ where: { id: c.id } })).toMatchObject({ status: "open", outcome: null, closedAt: null });
    expect(await store.reopenLatestCase(person.id, new Date(0))).toBeNull();
  });

  it("deletes a person with their conversation, messages and cases", async () => {
    const { person } = await store.findOrCreatePerson({ channel: "webchat", externalId: "leaving", locale: "vi" });
    await newCase(person.id);
    await store.recordInbound({ personId: person.id, channel: "webchat", body: { kind: "text", text: "bye" } });
    await store.saveConversation(person.id, { flow: "menu", step: "main", data: {}, menu: null, menuSeq: 1 });
    await store.deletePersonData(person.id);
    expect(await store.findPerson("webchat", "leaving")).toBeNull();
    expect(await db.prisma.message.count({ where: { personId: person.id } })).toBe(0);
    expect(await db.prisma.case.count({ where: { personId: person.id } })).toBe(0);
    expect(await db.prisma.conversation.count({ where: { personId: person.id } })).toBe(0);
  });

  it("purges only intakes abandoned before the cut-off", async () => {
    const old = await store.findOrCreatePerson({ channel: "webchat", externalId: "old-intake", locale: "vi" });
    const fresh = await store.findOrCreatePerson({ channel: "webchat", externalId: "fresh-intake", locale: "vi" });
    for (const p of [old, fresh]) await store.saveConversation(p.person.id, { flow: "intake", step: "story", data: { subject: "self" }, menu: null, menuSeq: 2 });
    await db.prisma.conversation.update({ where: { personId: old.person.id }, data: { updatedAt: new Date(Date.now() - 8 * 86_400_000) } });
    expect(await store.purgeAbandonedIntakes(new Date(Date.now() - 7 * 86_400_000))).toBeGreaterThanOrEqual(1);
    expect((await store.getConversation(old.person.id))!.flow).toBe("menu");
    expect((await store.getConversation(fresh.person.id))!.flow).toBe("intake");
  });

  it("reads envelopes sealed with an older key after rotation", () => {
    const oldKey = randomBytes(32);
    const hmac = randomBytes(32);
    const before = createSealer({ currentId: "k1", keys: new Map([["k1", oldKey]]) }, hmac);
    const after = createSealer({ currentId: "k2", keys: new Map([["k1", oldKey], ["k2", randomBytes(32)]]) }, hmac);
    const sealed = before.seal("bí mật");
    expect(after.open(sealed)).toBe("bí mật");
    expect(after.seal("x").split(".")[1]).toBe("k2");
    expect(() => after.open(sealed.replace(/.$/, (c) => (c === "A" ? "B" : "A")))).toThrow();
  });
});
