// Broadcasts in the console: compose (validated), preview with the exact count, confirm, progress and
// results, cancel, the audit trail, and who may reach which audience (leaders their clubs only: 404).
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runFanOuts } from "../../src/core/broadcasts/run-fan-outs.ts";
import { createTranslator } from "../../src/shared/i18n/index.ts";
import { silentLogger } from "../../src/shared/logging/logger.ts";
import { waitUntil } from "../helpers/wait.ts";
import { ConsoleClient } from "./console-client.ts";
import { startConsoleTest, type ConsoleTest } from "./harness.ts";

let t: ConsoleTest;

beforeAll(async () => {
  t = await startConsoleTest();
});
afterAll(async () => {
  await t?.stop();
});

let n = 0;
async function club(provinceCode: number, members: number, leaderId?: string) {
  n += 1;
  const c = await t.app.db.prisma.club.create({
    data: { name: `CLB ${n}`, kind: "family_club", provinceCode, joinCode: `K${n}${randomUUID().slice(0, 5).toUpperCase()}` },
  });
  for (let i = 0; i < members; i++) {
    const { person } = await t.stores.people.findOrCreatePerson({ channel: "webchat", externalId: `m-${randomUUID()}`, locale: i % 2 ? "en" : "vi" });
    await t.app.db.prisma.clubMember.create({ data: { clubId: c.id, personId: person.id, displayNameEnc: "x", consentAt: new Date() } });
  }
  if (leaderId) await t.app.db.prisma.clubLeader.create({ data: { clubId: c.id, staffId: leaderId } });
  return c;
}
async function signedIn(role: "admin" | "supervisor" | "counsellor" | "club_leader", areas: number[] = []) {
  const s = await t.staff(role, areas);
  const c = new ConsoleClient(t.url);
  expect((await c.login(s.email, s.password)).status).toBe(303);
  await c.get("/console/broadcasts/new");
  return { client: c, staff: s };
}
const compose = (c: ConsoleClient, fields: Record<string, string>) =>
  c.post("/console/broadcasts", { bodyVi: "Họp CLB tối thứ Sáu", bodyEn: "Club meeting on Friday", ...fields });
const idOf = (location: string | null) => /\/console\/broadcasts\/([0-9a-f-]{36})$/.exec(location ?? "")?.[1] ?? "";
const fanOut = (id: string) =>
  runFanOuts({ stores: t.stores, clock: t.clock, logger: silentLogger(), translator: createTranslator(), enqueueMany: t.app.engine.enqueueMany }, id);

describe("broadcast console", () => {
  it("composes, previews the exact count, starts, shows progress and results, and audits each step", async () => {
    const { client: admin, staff } = await signedIn("admin");
    const c = await club(1, 3);
    const leftOne = await t.app.db.prisma.clubMember.findFirstOrThrow({ where: { clubId: c.id } });
    await t.app.db.prisma.clubMember.update({ where: { clubId_personId: { clubId: c.id, personId: leftOne.personId } }, data: { leftAt: new Date() } });
    const made = await compose(admin, { audience: "club", clubId: c.id });
    expect(made.status).toBe(303);
    const id = idOf(made.location);
    const preview = await admin.get(`/console/broadcasts/${id}?lang=en`);
    expect(preview.html).toContain('data-count="2"');
    expect(preview.html).toContain("Will be sent to exactly 2 people.");
    const started = await admin.post(`/console/broadcasts/${id}/start`);
    expect(started.location).toBe(`/console/broadcasts/${id}?ok=started`);
    expect(await t.stores.broadcasts.get(id)).toMatchObject({ status: "sending", plannedCount: 2 });
    expect((await admin.post(`/console/broadcasts/${id}/start`)).location).toContain("err=started");
    expect(await fanOut(id)).toEqual({ broadcasts: 1, queued: 2 });
    const progress = await admin.get(`/console/broadcasts/${id}`);
    expect(progress.html).toMatch(/data-k="planned">2</);
    // The web chat sends at once: both messages go out, and the broadcast ends.
    await waitForDone(id);
    const done = await admin.get(`/console/broadcasts/${id}`);
    expect(done.html).toMatch(/data-k="sent">2</);
    expect(done.html).toContain('data-status="done"');
    const list = await admin.get("/console/broadcasts");
    expect(list.html).toContain(id);
    const audit = await t.app.db.prisma.consoleAudit.findMany({ where: { targetId: id }, orderBy: { at: "asc" } });
    expect(audit.map((a) => [a.action, a.actorId])).toEqual([
      ["broadcast.create", staff.id],
      ["broadcast.start", staff.id],
    ]);
    // Each person got the text in their language.
    const rows = await t.app.db.prisma.message.findMany({ where: { idempotencyKey: { startsWith: `broadcast:${id}:` } }, select: { personId: true } });
    expect(rows).toHaveLength(2);
    for (const { personId } of rows) {
      const person = await t.stores.people.getPerson(personId);
      const [sent] = await t.stores.messages.listMessages(personId, { limit: 5 });
      expect(JSON.stringify(sent)).toContain(person!.locale === "en" ? "Club meeting on Friday" : "Họp CLB tối thứ Sáu");
    }
  });

  it("refuses an empty audience before it starts, and a form without both texts", async () => {
    const { client: admin } = await signedIn("admin");
    const empty = await club(1, 0);
    const id = idOf((await compose(admin, { audience: "club", clubId: empty.id })).location);
    expect((await admin.get(`/console/broadcasts/${id}?lang=en`)).html).toContain("Nobody is in this audience");
    expect((await admin.post(`/console/broadcasts/${id}/start`)).location).toContain("err=empty_audience");
    expect(await t.stores.broadcasts.get(id)).toMatchObject({ status: "draft" });
    const bad = await admin.post("/console/broadcasts?lang=en", { audience: "club", clubId: empty.id, bodyVi: "x", bodyEn: " " });
    expect(bad.status).toBe(400);
    expect(bad.html).toContain("write the text in both languages");
  });

  it("cancels a draft", async () => {
    const { client: admin } = await signedIn("admin");
    const c = await club(1, 1);
    const id = idOf((await compose(admin, { audience: "club", clubId: c.id })).location);
    expect((await admin.post(`/console/broadcasts/${id}/cancel`)).location).toContain("ok=cancelled");
    expect(await t.stores.broadcasts.get(id)).toMatchObject({ status: "cancelled" });
    expect((await admin.post(`/console/broadcasts/${id}/cancel`)).location).toContain("err=ended");
  });

  it("scopes leaders to their clubs and supervisors to their provinces; counsellors see nothing", async () => {
    const { client: leader, staff } = await signedIn("club_leader");
    const mine = await club(1, 1, staff.id);
    const other = await club(1, 1);
    expect((await compose(leader, { audience: "club", clubId: mine.id })).status).toBe(303);
    expect((await compose(leader, { audience: "club", clubId: other.id })).status).toBe(404);
    expect((await compose(leader, { audience: "area_subscribers", provinceCode: "1" })).status).toBe(404);
    expect((await compose(leader, { audience: "all_opted_in" })).status).toBe(404);
    const { client: admin } = await signedIn("admin");
    const othersId = idOf((await compose(admin, { audience: "club", clubId: other.id })).location);
    expect((await leader.get(`/console/broadcasts/${othersId}`)).status).toBe(404);
    expect((await leader.post(`/console/broadcasts/${othersId}/cancel`)).status).toBe(404);
    expect((await leader.get("/console/broadcasts")).html).not.toContain(othersId);

    const { client: sup } = await signedIn("supervisor", [79]);
    expect((await compose(sup, { audience: "area_subscribers", provinceCode: "79" })).status).toBe(303);
    expect((await compose(sup, { audience: "area_subscribers", provinceCode: "1" })).status).toBe(404);
    expect((await compose(sup, { audience: "club", clubId: mine.id })).status).toBe(404);
    expect((await compose(sup, { audience: "all_opted_in" })).status).toBe(404);
    expect((await sup.get(`/console/broadcasts/${othersId}`)).status).toBe(404);

    const { client: counsellor } = await signedIn("counsellor", [1]);
    expect((await counsellor.get("/console/broadcasts")).status).toBe(404);
  });
});

async function waitForDone(id: string) {
  await waitUntil(async () => {
    const c = await t.stores.broadcasts.counts(id);
    return c.sent === 2 && (await t.stores.broadcasts.markDoneIfSettled(id, new Date()));
  });
}
