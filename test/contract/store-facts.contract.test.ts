// FactStore and RetentionStore contract: facts are idempotent by (kind, source) and carry no source in
// the clear; retention removes closed cases' words in batches, never an open case's, and counts.
import { describe, expect, it } from "vitest";
import { DAY, T0, at, backend, useStores } from "./store-harness.ts";

const h = useStores();

describe(`FactStore (${backend})`, () => {
  it("records once per (kind, source), lists by kind, period and area, and keeps the source only as a keyed hash", async () => {
    const facts = h.stores.facts;
    const opened = { kind: "case.opened" as const, at: T0, provinceCode: 40, wardCode: 16_681, dims: { concern: "hiv" }, source: "case:abc" };
    expect(await facts.record([opened, { ...opened, source: "case:def" }])).toBe(2);
    expect(await facts.record([opened])).toBe(0);
    expect(await facts.record([{ ...opened, kind: "case.first_reply", value: 90 }])).toBe(1); // same source, another kind
    expect(await facts.record([{ kind: "case.opened", at: at(DAY), provinceCode: 1 }])).toBe(1); // no source: always new
    const listed = await facts.list({ kinds: ["case.opened"], from: T0, to: at(2 * DAY), provinceCodes: [40] });
    expect(listed).toEqual([
      { kind: "case.opened", at: T0, provinceCode: 40, wardCode: 16_681, dims: { concern: "hiv" }, value: 1 },
      { kind: "case.opened", at: T0, provinceCode: 40, wardCode: 16_681, dims: { concern: "hiv" }, value: 1 },
    ]);
    expect(await facts.list({ kinds: ["case.opened", "case.first_reply"], from: at(1), to: at(2 * DAY) })).toHaveLength(1);
    expect(await h.rawRows("ReportFact", "true")).not.toContain("case:abc");
  });
});

describe(`RetentionStore (${backend})`, () => {
  it("removes message bodies and notes of cases closed before the cut-off only, in batches, then nothing", async () => {
    const staff = await h.staffMember();
    const seed = async (closedAt: Date | null) => {
      const person = await h.person();
      const c = await h.openCase(person.id);
      for (const text of ["một", "hai", "ba"])
        await h.stores.messages.recordOutbound({ personId: person.id, channel: "webchat", author: "bot", body: { kind: "text", text }, caseId: c.id });
      await h.db.prisma.message.updateMany({ where: { caseId: c.id }, data: { status: "sent", nextAttemptAt: null } });
      await h.stores.notes.addNote({ caseId: c.id, staffId: staff.id, body: "ghi chú", now: T0 });
      if (closedAt) await h.stores.cases.closeCase(c.id, "answered", closedAt);
      return c.id;
    };
    const old = await seed(T0);
    const recent = await seed(at(100 * DAY));
    const open = await seed(null);
    const r = h.stores.retention;
    const o = { closedBefore: at(50 * DAY), days: 50 };
    expect(await r.removeClosedCaseMessages({ ...o, limit: 2 })).toBe(2);
    expect(await r.removeClosedCaseMessages({ ...o, limit: 2 })).toBe(1);
    expect(await r.removeClosedCaseMessages({ ...o, limit: 2 })).toBe(0);
    expect(await r.removeClosedCaseNotes({ ...o, limit: 10 })).toBe(1);
    expect(await r.removeClosedCaseNotes({ ...o, limit: 10 })).toBe(0);
    const thread = await h.stores.messages.listCaseMessages(old, 10);
    expect(thread.map((m) => [m.removedAfterDays, m.body])).toEqual(Array(3).fill([50, { kind: "text", text: "" }]));
    expect((await h.stores.notes.listNotes(old)).map((n) => [n.removedAfterDays, n.body])).toEqual([[50, ""]]);
    for (const id of [recent, open]) {
      expect((await h.stores.messages.listCaseMessages(id, 10)).map((m) => m.removedAfterDays)).toEqual([null, null, null]);
      expect((await h.stores.notes.listNotes(id)).map((n) => n.body)).toEqual(["ghi chú"]);
    }
  });
});
