// CaseStore contract, crisis escalation: which crises are still waiting, whether a counsellor has written
// since the crisis began, and the marks that make each escalation step happen once.
import { describe, expect, it } from "vitest";
import { MINUTE, T0, at, backend, useStores } from "./store-harness.ts";

const h = useStores();

describe(`CaseStore: crisis escalation (${backend})`, () => {
  it("lists open crises whose escalation is unfinished, oldest crisis first, with whether a counsellor wrote since", async () => {
    const person = await h.person();
    const older = await h.openCase(person.id, { priority: 0, crisisSince: at(0) });
    const newer = await h.openCase((await h.person()).id, { priority: 0, crisisSince: at(5 * MINUTE) });
    const normal = await h.openCase((await h.person()).id, { priority: 2 });
    const noClock = await h.openCase((await h.person()).id, { priority: 0 }); // created before escalation existed
    const closed = await h.openCase((await h.person()).id, { priority: 0, crisisSince: at(0) });
    await h.stores.cases.closeCase(closed.id, "answered", at(MINUTE));
    expect(older.crisisSince).toEqual(T0);

    const ids = async () =>
      (await h.stores.cases.listWaitingCrises(50)).map((w) => w.case.id).filter((id) => [older.id, newer.id, normal.id, noClock.id, closed.id].includes(id));
    expect(await ids()).toEqual([older.id, newer.id]);
    const first = (await h.stores.cases.listWaitingCrises(50)).find((w) => w.case.id === older.id)!;
    expect(first).toMatchObject({ crisisPings: 0, crisisNoticeAt: null, answered: false });
    expect(first.case).toMatchObject({ handle: older.handle, crisisSince: T0, assignee: null });

    // A counsellor message on the case before the crisis began does not count; one after it does.
    const before = await h.stores.messages.recordOutbound({
      personId: person.id,
      channel: "webchat",
      author: "counsellor",
      body: { kind: "text", text: "x" },
      caseId: older.id,
    });
    await h.db.prisma.message.update({ where: { id: before.id }, data: { createdAt: at(-MINUTE) } });
    expect((await h.stores.cases.listWaitingCrises(50)).find((w) => w.case.id === older.id)!.answered).toBe(false);
    const after = await h.stores.messages.recordOutbound({
      personId: person.id,
      channel: "webchat",
      author: "counsellor",
      body: { kind: "text", text: "y" },
      caseId: older.id,
    });
    await h.db.prisma.message.update({ where: { id: after.id }, data: { createdAt: at(MINUTE) } });
    expect((await h.stores.cases.listWaitingCrises(50)).find((w) => w.case.id === older.id)!.answered).toBe(true);
  });

  it("marks ping rounds only forwards and the notice once; a finished escalation leaves the list", async () => {
    const c = await h.openCase((await h.person()).id, { priority: 0, crisisSince: at(0) });
    expect(await h.stores.cases.markCrisisPings(c.id, 1)).toBe(true);
    expect(await h.stores.cases.markCrisisPings(c.id, 1)).toBe(false);
    expect(await h.stores.cases.markCrisisPings(c.id, 2)).toBe(true);
    expect(await h.stores.cases.markCrisisPings(c.id, 1)).toBe(false);
    expect((await h.stores.cases.listWaitingCrises(50)).some((w) => w.case.id === c.id)).toBe(true); // the notice is still due
    expect(await h.stores.cases.markCrisisNotice(c.id, at(10 * MINUTE))).toBe(true);
    expect(await h.stores.cases.markCrisisNotice(c.id, at(11 * MINUTE))).toBe(false);
    expect((await h.stores.cases.listWaitingCrises(50)).some((w) => w.case.id === c.id)).toBe(false);
    // Raising again restarts the clock (raise-case.ts writes these fields).
    await h.stores.cases.updateCase(c.id, { crisisSince: at(60 * MINUTE), crisisPings: 0, crisisNoticeAt: null });
    expect((await h.stores.cases.listWaitingCrises(50)).find((w) => w.case.id === c.id)).toMatchObject({ crisisPings: 0, crisisNoticeAt: null });
  });
});
