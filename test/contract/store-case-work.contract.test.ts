// CaseNoteStore, ReadyAnswerStore and AuditStore contract: what counsellors keep about their work.
import { describe, expect, it } from "vitest";
import { MINUTE, T0, at, backend, useStores } from "./store-harness.ts";

const h = useStores();
const UNKNOWN_ID = "00000000-0000-4000-8000-000000000000";

describe(`CaseNoteStore (${backend})`, () => {
  it("adds notes sealed at rest and lists a case's notes oldest first, with their author", async () => {
    const c = await h.openCase((await h.person()).id);
    const other = await h.openCase((await h.person()).id);
    const [lan, minh] = [await h.staffMember({ displayName: "Lan" }), await h.staffMember({ displayName: "Minh" })];
    const second = await h.stores.notes.addNote({ caseId: c.id, staffId: minh.id, body: "gọi lại thứ hai", now: at(MINUTE) });
    const first = await h.stores.notes.addNote({ caseId: c.id, staffId: lan.id, body: "mẹ lo lắng", now: T0 });
    await h.stores.notes.addNote({ caseId: other.id, staffId: lan.id, body: "another case", now: T0 });
    expect(first).toEqual({ id: expect.any(String), author: "Lan", body: "mẹ lo lắng", createdAt: T0, removedAfterDays: null });
    expect(await h.stores.notes.listNotes(c.id)).toEqual([first, second]);
    expect(await h.stores.notes.listNotes(UNKNOWN_ID)).toEqual([]);
    const dump = await h.rawRows("CaseNote", `"caseId" = $1::uuid`, c.id);
    expect(dump).not.toContain("lo lắng");
    expect(dump).not.toContain("thứ hai");
  });

  it("shows a note sealed with a retired key as empty instead of failing", async () => {
    const c = await h.openCase((await h.person()).id);
    await h.stores.notes.addNote({ caseId: c.id, staffId: (await h.staffMember()).id, body: "old key", now: T0 });
    expect(await h.storesWithOtherKeys().notes.listNotes(c.id)).toMatchObject([{ body: "" }]);
  });
});

describe(`ReadyAnswerStore (${backend})`, () => {
  it("creates, reads, updates and deletes ready answers, listed per language by title", async () => {
    const answers = h.stores.readyAnswers;
    expect(await answers.listCannedReplies()).toEqual([]);
    const viB = await answers.saveCannedReply({ locale: "vi", title: "B hotline", body: "Gọi 1800" });
    const en = await answers.saveCannedReply({ locale: "en", title: "Z welcome", body: "Hello" });
    const viA = await answers.saveCannedReply({ locale: "vi", title: "A chào", body: "Xin chào" });
    expect(viA).toEqual({ id: expect.any(String), locale: "vi", title: "A chào", body: "Xin chào" });
    expect(await answers.listCannedReplies("vi")).toEqual([viA, viB]);
    expect(await answers.listCannedReplies("en")).toEqual([en]);
    expect(await answers.listCannedReplies()).toEqual([en, viA, viB]);
    expect(await answers.getCannedReply(viB.id)).toEqual(viB);

    const edited = await answers.saveCannedReply({ id: viB.id, locale: "en", title: "Hotline", body: "Call 1800" });
    expect(edited).toEqual({ id: viB.id, locale: "en", title: "Hotline", body: "Call 1800" });
    expect(await answers.getCannedReply(viB.id)).toEqual(edited);
    expect(await answers.listCannedReplies("vi")).toEqual([viA]);

    expect(await answers.deleteCannedReply(viA.id)).toBe(true);
    expect(await answers.deleteCannedReply(viA.id)).toBe(false);
    expect(await answers.getCannedReply(viA.id)).toBeNull();
    expect(await answers.listCannedReplies()).toEqual([edited, en]);
  });

  it("adds a list of ready answers in one go, all or none", async () => {
    const answers = h.stores.readyAnswers;
    const before = (await answers.listCannedReplies()).length;
    expect(
      await answers.addCannedReplies([
        { locale: "vi", title: "Một", body: "1" },
        { locale: "en", title: "Two", body: "2" },
      ]),
    ).toBe(2);
    expect((await answers.listCannedReplies()).length).toBe(before + 2);
    // A NUL character is refused by PostgreSQL's text type: the statement fails, nothing of the list is kept.
    const bad = [
      { locale: "vi", title: "Ba", body: "3" },
      { locale: "en", title: "Four", body: "4\u0000" },
    ];
    await expect(answers.addCannedReplies(bad)).rejects.toThrow();
    expect((await answers.listCannedReplies()).length).toBe(before + 2);
  });
});

describe(`AuditStore (${backend})`, () => {
  it("lists entries newest first with actor and target names and the case's handle", async () => {
    const actor = await h.staffMember({ displayName: "Admin An" });
    const target = await h.staffMember({ displayName: "Counsellor Chi" });
    const c = await h.openCase((await h.person()).id);
    await h.stores.audit.record({ actorId: actor.id, action: "case.view", caseId: c.id }, at(MINUTE));
    await h.stores.audit.record({ actorId: actor.id, action: "staff.update", targetId: target.id, details: { reason: "left" } }, at(2 * MINUTE));
    await h.stores.audit.record({ actorId: null, action: "case.reopen", caseId: c.id, details: { previousOutcome: "answered" } }, at(3 * MINUTE));
    await h.stores.audit.record({ actorId: actor.id, action: "case.reply", caseId: c.id, targetId: UNKNOWN_ID }, T0);

    const all = await h.stores.audit.list({ limit: 100 });
    expect(all.slice(0, 4)).toEqual([
      {
        id: expect.any(String),
        at: at(3 * MINUTE),
        actorId: null,
        actorName: null,
        action: "case.reopen",
        caseId: c.id,
        caseHandle: c.handle,
        targetId: null,
        targetName: null,
        details: { previousOutcome: "answered" },
      },
      {
        id: expect.any(String),
        at: at(2 * MINUTE),
        actorId: actor.id,
        actorName: "Admin An",
        action: "staff.update",
        caseId: null,
        caseHandle: null,
        targetId: target.id,
        targetName: "Counsellor Chi",
        details: { reason: "left" },
      },
      expect.objectContaining({ at: at(MINUTE), action: "case.view", actorName: "Admin An", caseHandle: c.handle, details: {} }),
      expect.objectContaining({ at: T0, action: "case.reply", targetId: UNKNOWN_ID, targetName: null }),
    ]);
    expect((await h.stores.audit.list({ limit: 2 })).map((e) => e.action)).toEqual(["case.reopen", "staff.update"]);
  });

  it("filters by case, and keeps the trail (without the handle) after the case is erased", async () => {
    const person = await h.person();
    const c = await h.openCase(person.id);
    const other = await h.openCase((await h.person()).id);
    await h.stores.audit.record({ actorId: null, action: "case.close", caseId: c.id }, at(-MINUTE));
    await h.stores.audit.record({ actorId: null, action: "case.claim", caseId: c.id }, at(-2 * MINUTE));
    await h.stores.audit.record({ actorId: null, action: "case.view", caseId: other.id }, at(-MINUTE));
    expect((await h.stores.audit.list({ caseId: c.id, limit: 10 })).map((e) => e.action)).toEqual(["case.close", "case.claim"]);
    expect(await h.stores.audit.list({ caseId: c.id, limit: 1 })).toHaveLength(1);
    expect(await h.stores.audit.list({ caseId: UNKNOWN_ID, limit: 10 })).toEqual([]);

    await h.stores.people.deletePersonData(person.id);
    expect(await h.stores.audit.list({ caseId: c.id, limit: 10 })).toMatchObject([
      { action: "case.close", caseId: c.id, caseHandle: null },
      { action: "case.claim", caseId: c.id, caseHandle: null },
    ]);
  });
});
