// The console's access rules in one table: who sees which cases and who may act on them.
import { describe, expect, it } from "vitest";
import { canActOnCase, canReadAudit, canSeeCase, caseScope } from "../../src/core/staff/access.ts";
import type { StaffRecord, StaffRole } from "../../src/core/ports.ts";

const staff = (role: StaffRole, provinceCodes: number[] = [1]): StaffRecord => ({
  id: `${role}-id`,
  email: "",
  displayName: role,
  role,
  active: true,
  locale: "vi",
  provinceCodes,
  onDuty: false,
  telegramLinked: false,
  createdAt: new Date(),
});

describe("case access", () => {
  it.each([
    ["admin", 1, true],
    ["admin", 40, true],
    ["admin", null, true],
    ["supervisor", 1, true],
    ["supervisor", 40, false],
    ["supervisor", null, false],
    ["counsellor", 1, true],
    ["counsellor", 40, false],
    ["counsellor", null, true],
    ["club_leader", 1, false],
    ["club_leader", null, false],
  ] as const)("%s sees a case in province %s: %s", (role, provinceCode, expected) => {
    expect(canSeeCase(staff(role), { provinceCode })).toBe(expected);
  });

  it("gives club leaders no queue and counsellors without provinces only cases with no area", () => {
    expect(caseScope(staff("club_leader"))).toEqual({ kind: "none" });
    expect(caseScope(staff("counsellor", []))).toEqual({ kind: "areas", provinceCodes: [], includeNoArea: true });
  });

  it("lets the holder, anyone while unclaimed, and leads act; only leads read audit trails", () => {
    const c = staff("counsellor");
    const held = { assignee: { id: "someone-else", displayName: "x", claimedAt: new Date() } };
    expect(canActOnCase(c, { assignee: null })).toBe(true);
    expect(canActOnCase(c, held)).toBe(false);
    expect(canActOnCase(c, { assignee: { ...held.assignee, id: c.id } })).toBe(true);
    expect(canActOnCase(staff("supervisor"), held)).toBe(true);
    expect([canReadAudit(c), canReadAudit(staff("supervisor")), canReadAudit(staff("admin"))]).toEqual([false, true, true]);
  });
});
