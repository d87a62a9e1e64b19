// CaseStore contract, a case's life: create, list, find, update, close, reopen.
// The queue, its signature and claims are in store-queue.contract.test.ts.
import { describe, expect, it } from "vitest";
import { findOrReopenCase } from "../../src/core/cases/reopen-case.ts";
import { DAY, HOUR, MINUTE, T0, at, backend, useStores } from "./store-harness.ts";

const h = useStores();
const UNKNOWN_ID = "00000000-0000-4000-8000-000000000000";

describe(`CaseStore: a case's life (${backend})`, () => {
  it("creates a case under a short handle and finds it by handle and by id", async () => {
    const person = await h.person({ channel: "zalo" });
    const input = {
      personId: person.id,
      subject: "spouse",
      concern: "hiv",
      urgency: "now",
      provinceCode: 79,
      wardCode: 26734,
      priority: 1,
      dangerFlags: ["self_harm"],
      locale: "en" as const,
      channel: "zalo" as const,
    };
    const c = await h.stores.cases.createCase(input);
    expect(c).toEqual({
      ...input,
      id: expect.any(String),
      handle: expect.stringMatching(/^[A-Z2-9]{4}$/),
      status: "open",
      createdAt: expect.any(Date),
      lastPersonMessageAt: expect.any(Date),
      crisisSince: null,
      waitingSince: expect.any(Date),
    });
    const detail = { ...c, outcome: null, closedAt: null, assignee: null };
    expect(await h.stores.cases.findCaseById(c.id)).toEqual(detail);
    expect(await h.stores.cases.findCaseByHandle(c.handle)).toEqual(detail);
    expect(await h.stores.cases.findCaseById(UNKNOWN_ID)).toBeNull();
    expect(await h.stores.cases.findCaseByHandle("ZZZZZZZZ")).toBeNull();
    const other = await h.openCase(person.id);
    expect(other.handle).not.toBe(c.handle);
  });

  it("lists a person's cases newest first, at most 20", async () => {
    const person = await h.person();
    const someoneElse = await h.person();
    await h.openCase(someoneElse.id);
    const made = [];
    for (let i = 0; i < 22; i++) made.push(await h.openCase(person.id, { concern: `c${i}` }));
    // createdAt comes from the database clock: pin it so "newest" is not decided by speed.
    for (const [i, c] of made.entries()) await h.db.prisma.case.update({ where: { id: c.id }, data: { createdAt: at(i * MINUTE) } });
    const listed = await h.stores.cases.listCases(person.id);
    expect(listed.map((c) => c.concern)).toEqual(
      made
        .map((c) => c.concern)
        .reverse()
        .slice(0, 20),
    );
    expect(await h.stores.cases.listCases((await h.person()).id)).toEqual([]);
  });

  it("finds the person's newest open case, and none once it is closed", async () => {
    const person = await h.person();
    expect(await h.stores.cases.findOpenCase(person.id)).toBeNull();
    const older = await h.openCase(person.id);
    const newer = await h.openCase(person.id);
    await h.db.prisma.case.update({ where: { id: older.id }, data: { createdAt: at(-HOUR) } });
    await h.db.prisma.case.update({ where: { id: newer.id }, data: { createdAt: T0 } });
    expect((await h.stores.cases.findOpenCase(person.id))!.id).toBe(newer.id);
    await h.stores.cases.closeCase(newer.id, "answered", T0);
    expect((await h.stores.cases.findOpenCase(person.id))!.id).toBe(older.id);
    await h.stores.cases.closeCase(older.id, "duplicate", T0);
    expect(await h.stores.cases.findOpenCase(person.id)).toBeNull();
  });

  it("updates priority, danger flags and the person's last message, each on its own", async () => {
    const c = await h.openCase((await h.person()).id);
    await h.stores.cases.updateCase(c.id, { priority: 0, dangerFlags: ["overdose", "suicide"] });
    expect(await h.stores.cases.findCaseById(c.id)).toMatchObject({
      priority: 0,
      dangerFlags: ["overdose", "suicide"],
      lastPersonMessageAt: c.lastPersonMessageAt,
    });
    await h.stores.cases.updateCase(c.id, { lastPersonMessageAt: T0 });
    expect(await h.stores.cases.findCaseById(c.id)).toMatchObject({ priority: 0, dangerFlags: ["overdose", "suicide"], lastPersonMessageAt: T0 });
    await h.stores.cases.updateCase(c.id, { dangerFlags: [] });
    expect((await h.stores.cases.findCaseById(c.id))!.dangerFlags).toEqual([]);
    await expect(h.stores.cases.updateCase(UNKNOWN_ID, { priority: 1 })).resolves.toBeUndefined();
  });

  it("closes a case only once, with its outcome and time", async () => {
    const c = await h.openCase((await h.person()).id);
    expect(await h.stores.cases.closeCase(c.id, "referred", T0)).toBe(true);
    expect(await h.stores.cases.closeCase(c.id, "answered", at(HOUR))).toBe(false);
    expect(await h.stores.cases.findCaseById(c.id)).toMatchObject({ status: "closed", outcome: "referred", closedAt: T0 });
    expect(await h.stores.cases.closeCase(UNKNOWN_ID, "answered", T0)).toBe(false);
  });

  it("finds the most recently closed case at or after the cut-off, with its holder", async () => {
    const person = await h.person();
    const staff = await h.staffMember({ displayName: "Lan" });
    const first = await h.openCase(person.id);
    const second = await h.openCase(person.id);
    await h.stores.cases.assignCase(second.id, staff.id, at(-3 * DAY));
    await h.stores.cases.closeCase(first.id, "answered", at(-5 * DAY));
    await h.stores.cases.closeCase(second.id, "no_response", at(-2 * DAY));

    expect(await h.stores.cases.findRecentlyClosedCase(person.id, at(-10 * DAY))).toMatchObject({
      id: second.id,
      status: "closed",
      outcome: "no_response",
      closedAt: at(-2 * DAY),
      assignee: { id: staff.id, displayName: "Lan", claimedAt: at(-3 * DAY) },
    });
    expect((await h.stores.cases.findRecentlyClosedCase(person.id, at(-2 * DAY)))!.id).toBe(second.id);
    expect(await h.stores.cases.findRecentlyClosedCase(person.id, at(-2 * DAY + 1))).toBeNull();
    expect(await h.stores.cases.findRecentlyClosedCase((await h.person()).id, at(-10 * DAY))).toBeNull();
  });

  it("reopens only a closed case, clearing its outcome and close time and keeping its priority", async () => {
    const person = await h.person();
    const c = await h.openCase(person.id, { priority: 1 });
    expect(await h.stores.cases.reopenCase(c.id)).toBe(false);
    await h.stores.cases.closeCase(c.id, "answered", at(-DAY));
    expect(await h.stores.cases.reopenCase(c.id)).toBe(true);
    expect(await h.stores.cases.findCaseById(c.id)).toMatchObject({ status: "open", outcome: null, closedAt: null, priority: 1 });
    expect(await h.stores.cases.reopenCase(c.id)).toBe(false);
    expect(await h.stores.cases.findRecentlyClosedCase(person.id, new Date(0))).toBeNull();
    expect((await h.stores.cases.findOpenCase(person.id))!.id).toBe(c.id);
  });

  it("lets the core reopen a case closed within its window, and not one closed before it", async () => {
    const person = await h.person();
    const c = await h.openCase(person.id, { priority: 1 });
    await h.stores.cases.closeCase(c.id, "answered", at(-40 * DAY));
    const deps = { stores: h.stores, clock: { now: () => T0 } };
    expect(await findOrReopenCase(deps, { personId: person.id })).toBeNull();
    await h.db.prisma.case.update({ where: { id: c.id }, data: { closedAt: at(-DAY) } });
    expect(await findOrReopenCase(deps, { personId: person.id })).toMatchObject({ id: c.id, status: "open", priority: 1 });
    expect(await h.stores.cases.findCaseById(c.id)).toMatchObject({ status: "open", outcome: null, closedAt: null });
    expect(await h.stores.audit.list({ caseId: c.id, limit: 5 })).toMatchObject([
      { action: "case.reopen", actorId: null, at: T0, details: { previousOutcome: "answered" } },
    ]);
  });
});
