// CaseStore contract, the console's side: the queue (QUEUE_ORDER, CaseScope), its signature, and
// who holds a case (claim, release, assign). Each test uses its own province codes so the scoped
// views see only its cases; "all" is checked on the test's cases within the whole queue.
import { describe, expect, it } from "vitest";
import type { CaseDetail, CaseRecord, CaseScope } from "../../src/core/ports.ts";
import { DAY, HOUR, MINUTE, T0, at, backend, useStores } from "./store-harness.ts";

const h = useStores();
const ALL: CaseScope = { kind: "all" };
const NONE: CaseScope = { kind: "none" };
const areas = (provinceCodes: number[], includeNoArea = false): CaseScope => ({ kind: "areas", provinceCodes, includeNoArea });
const ids = (cases: Array<Pick<CaseRecord, "id">>) => cases.map((c) => c.id);
/** The queue's cases among `mine`, in queue order. */
const among = (queue: CaseDetail[], mine: CaseRecord[]) => ids(queue).filter((id) => mine.some((c) => c.id === id));

/** A case in `province` whose person has waited since `lastWrote` (and last wrote then), created at `createdAt` (pinned: the database clock decides otherwise). */
async function queued(province: number | null, priority: number, lastWrote: Date, createdAt = T0): Promise<CaseRecord> {
  const c = await h.openCase((await h.person()).id, { provinceCode: province, priority });
  await h.stores.cases.updateCase(c.id, { lastPersonMessageAt: lastWrote, waitingSince: lastWrote });
  await h.db.prisma.case.update({ where: { id: c.id }, data: { createdAt } });
  return { ...c, lastPersonMessageAt: lastWrote, waitingSince: lastWrote, createdAt };
}

describe(`CaseStore: queue and claims (${backend})`, () => {
  it("orders the queue by priority, then longest waiting, then oldest case", async () => {
    const normalRecent = await queued(101, 2, at(-HOUR));
    const crisis = await queued(101, 0, at(-10 * MINUTE));
    const normalLongest = await queued(101, 2, at(-2 * HOUR), at(-DAY));
    const high = await queued(101, 1, at(-5 * MINUTE));
    const normalLongestOlder = await queued(101, 2, at(-2 * HOUR), at(-2 * DAY));
    const expected = ids([crisis, high, normalLongestOlder, normalLongest, normalRecent]);

    expect(ids(await h.stores.cases.listQueue(areas([101]), { limit: 10 }))).toEqual(expected);
    expect(among(await h.stores.cases.listQueue(ALL, { limit: 100 }), [normalRecent, crisis, normalLongest, high, normalLongestOlder])).toEqual(expected);
    expect(ids(await h.stores.cases.listQueue(areas([101]), { limit: 2 }))).toEqual(expected.slice(0, 2));
  });

  it("keeps a person's place after a follow-up; a counsellor's reply sends them after those still waiting", async () => {
    const first = await queued(102, 2, at(-2 * HOUR));
    const second = await queued(102, 2, at(-HOUR));
    const third = await queued(102, 2, at(-30 * MINUTE));
    await h.stores.cases.notePersonMessage(first.id, at(-MINUTE)); // "I'm still waiting"
    expect(await h.stores.cases.findCaseById(first.id)).toMatchObject({ lastPersonMessageAt: at(-MINUTE), waitingSince: at(-2 * HOUR) });
    expect(ids(await h.stores.cases.listQueue(areas([102]), { limit: 10 }))).toEqual(ids([first, second, third]));

    await h.stores.cases.noteCounsellorReply(second.id);
    expect((await h.stores.cases.findCaseById(second.id))!.waitingSince).toBeNull();
    expect(ids(await h.stores.cases.listQueue(areas([102]), { limit: 10 }))).toEqual(ids([first, third, second]));
    await h.stores.cases.notePersonMessage(second.id, at(-10 * MINUTE)); // waiting again, from now on
    expect(await h.stores.cases.findCaseById(second.id)).toMatchObject({ waitingSince: at(-10 * MINUTE) });
    expect(ids(await h.stores.cases.listQueue(areas([102]), { limit: 10 }))).toEqual(ids([first, third, second]));
    await h.stores.cases.closeCase(third.id, "answered", T0);
    expect((await h.stores.cases.findCaseById(third.id))!.waitingSince).toBeNull();
  });

  it("filters the queue by priority, concern, area, holder and handle prefix", async () => {
    const crisis = await h.openCase((await h.person()).id, { provinceCode: 103, priority: 0 });
    const other = await h.openCase((await h.person()).id, { provinceCode: 104, priority: 2 });
    const staff = await h.staffMember();
    await h.stores.cases.claimCase(other.id, staff.id, T0);
    const q = async (filter: object) => ids(await h.stores.cases.listQueue(areas([103, 104]), { limit: 10, filter }));
    expect(await q({ priority: 0 })).toEqual([crisis.id]);
    expect(await q({ provinceCode: 104 })).toEqual([other.id]);
    expect(await q({ provinceCode: "none" })).toEqual([]);
    expect(await q({ holder: { kind: "mine", staffId: staff.id } })).toEqual([other.id]);
    expect(await q({ holder: { kind: "unclaimed" } })).toEqual([crisis.id]);
    expect(await q({ handle: crisis.handle.slice(0, 4) })).toContain(crisis.id);
    expect(await q({ concern: "no-such-concern" })).toEqual([]);
    expect(await q({ concern: crisis.concern, priority: 0 })).toEqual([crisis.id]);
  });

  it("remembers when each staff member last saw a case, never moving back", async () => {
    const c = await queued(105, 2, T0);
    const [a, b] = [await h.staffMember(), await h.staffMember()];
    expect(await h.stores.cases.listCaseSeen(a.id, [c.id])).toEqual(new Map());
    await h.stores.cases.markCaseSeen(c.id, a.id, at(HOUR));
    await h.stores.cases.markCaseSeen(c.id, a.id, at(MINUTE));
    expect(await h.stores.cases.listCaseSeen(a.id, [c.id])).toEqual(new Map([[c.id, at(HOUR)]]));
    expect(await h.stores.cases.listCaseSeen(b.id, [c.id])).toEqual(new Map());
    expect(await h.stores.cases.listCaseSeen(a.id, [])).toEqual(new Map());
  });

  it("shows only open cases in scope: all, areas with or without cases that have no area, none", async () => {
    const inA = await queued(111, 2, at(-3 * MINUTE));
    const inB = await queued(112, 2, at(-2 * MINUTE));
    const noArea = await queued(null, 2, at(-1 * MINUTE));
    const elsewhere = await queued(113, 0, at(-4 * MINUTE));
    const closed = await queued(111, 0, at(-5 * MINUTE));
    await h.stores.cases.closeCase(closed.id, "answered", T0);
    const mine = [inA, inB, noArea, elsewhere, closed];

    expect(ids(await h.stores.cases.listQueue(areas([111]), { limit: 10 }))).toEqual([inA.id]);
    expect(ids(await h.stores.cases.listQueue(areas([111, 112]), { limit: 10 }))).toEqual([inA.id, inB.id]);
    expect(among(await h.stores.cases.listQueue(areas([111, 112], true), { limit: 100 }), mine)).toEqual([inA.id, inB.id, noArea.id]);
    expect(among(await h.stores.cases.listQueue(areas([], true), { limit: 100 }), mine)).toEqual([noArea.id]);
    expect(await h.stores.cases.listQueue(areas([]), { limit: 10 })).toEqual([]);
    expect(among(await h.stores.cases.listQueue(ALL, { limit: 100 }), mine)).toEqual([elsewhere.id, inA.id, inB.id, noArea.id]);
    expect(await h.stores.cases.listQueue(NONE, { limit: 10 })).toEqual([]);
  });

  it("lets exactly one of two concurrent claims win, and shows the holder in the queue", async () => {
    const c = await queued(121, 2, T0);
    const [lan, minh] = [await h.staffMember({ displayName: "Lan" }), await h.staffMember({ displayName: "Minh" })];
    const results = await Promise.all([h.stores.cases.claimCase(c.id, lan.id, T0), h.stores.cases.claimCase(c.id, minh.id, at(1))]);
    expect(results.filter(Boolean)).toHaveLength(1);
    const winner = results[0] ? lan : minh;
    const [shown] = await h.stores.cases.listQueue(areas([121]), { limit: 10 });
    expect(shown!.assignee).toEqual({ id: winner.id, displayName: winner.displayName, claimedAt: results[0] ? T0 : at(1) });
    expect(await h.stores.cases.claimCase(c.id, winner.id, at(MINUTE))).toBe(false);
  });

  it("releases only for the holder, or for anyone when no staff member is named", async () => {
    const c = await queued(131, 2, T0);
    const [holder, other] = [await h.staffMember(), await h.staffMember()];
    expect(await h.stores.cases.releaseCase(c.id, null)).toBe(false);
    expect(await h.stores.cases.claimCase(c.id, holder.id, T0)).toBe(true);
    expect(await h.stores.cases.releaseCase(c.id, other.id)).toBe(false);
    expect((await h.stores.cases.findCaseById(c.id))!.assignee?.id).toBe(holder.id);
    expect(await h.stores.cases.releaseCase(c.id, holder.id)).toBe(true);
    expect((await h.stores.cases.findCaseById(c.id))!.assignee).toBeNull();
    expect(await h.stores.cases.releaseCase(c.id, holder.id)).toBe(false);

    expect(await h.stores.cases.claimCase(c.id, other.id, at(MINUTE))).toBe(true);
    expect(await h.stores.cases.releaseCase(c.id, null)).toBe(true);
    expect((await h.stores.cases.findCaseById(c.id))!.assignee).toBeNull();
  });

  it("assigns a case to another staff member, replacing any holder", async () => {
    const c = await queued(141, 2, T0);
    const [first, second] = [await h.staffMember({ displayName: "First" }), await h.staffMember({ displayName: "Second" })];
    await h.stores.cases.assignCase(c.id, first.id, T0);
    expect((await h.stores.cases.findCaseById(c.id))!.assignee).toEqual({ id: first.id, displayName: "First", claimedAt: T0 });
    await h.stores.cases.assignCase(c.id, second.id, at(HOUR));
    expect((await h.stores.cases.findCaseById(c.id))!.assignee).toEqual({ id: second.id, displayName: "Second", claimedAt: at(HOUR) });
    expect(await h.stores.cases.claimCase(c.id, first.id, at(2 * HOUR))).toBe(false);
    expect(await h.stores.cases.releaseCase(c.id, first.id)).toBe(false);
    expect(await h.stores.cases.releaseCase(c.id, second.id)).toBe(true);
  });

  it("changes the queue signature when a case in scope or its claim changes", async () => {
    const scope = areas([151]);
    const staff = [await h.staffMember(), await h.staffMember()];
    const sigs: string[] = [];
    const snap = async () => sigs.push(await h.stores.cases.queueSignature(scope));
    await snap();
    const c = await queued(151, 2, T0);
    await snap();
    // Case changes show through updatedAt, which Prisma writes from the wall clock: pin it in the past
    // so the next change is later whatever the machine's speed.
    await h.db.prisma.case.update({ where: { id: c.id }, data: { updatedAt: at(-DAY) } });
    await snap();
    await h.stores.cases.updateCase(c.id, { priority: 0 });
    await snap();
    await h.stores.cases.claimCase(c.id, staff[0]!.id, T0);
    await snap();
    await h.stores.cases.assignCase(c.id, staff[1]!.id, at(MINUTE));
    await snap();
    await h.stores.cases.releaseCase(c.id, null);
    await snap();
    await h.stores.cases.closeCase(c.id, "answered", at(HOUR));
    await snap();
    expect(sigs.slice(1).filter((sig, i) => sig === sigs[i])).toEqual([]); // each step changed it
    expect(sigs.at(-1)).toBe(sigs[0]); // closed: the scope is empty again
    expect(await h.stores.cases.queueSignature(scope)).toBe(sigs.at(-1));
  });

  it("gives the empty scope a constant signature", async () => {
    const before = await h.stores.cases.queueSignature(NONE);
    await queued(161, 0, T0);
    expect(await h.stores.cases.queueSignature(NONE)).toBe(before);
  });
});
