// SessionStore, StaffTokenStore, SignInThrottleStore and StaffAlertStore contract: signing in,
// single-use links, throttling, and one ping per (case, staff, priority).
import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { DAY, HOUR, MINUTE, T0, at, backend, useStores } from "./store-harness.ts";

const h = useStores();
const hash = () => `sha256-${randomUUID()}`;

describe(`SessionStore (${backend})`, () => {
  it("finds a live session with its staff, touches it, and forgets it at expiry", async () => {
    const staff = await h.staffMember({ displayName: "Lan" });
    const token = hash();
    await h.stores.sessions.createSession({ tokenHash: token, staffId: staff.id, now: T0, expiresAt: at(HOUR) });
    expect(await h.stores.sessions.findSession(token, T0)).toEqual({ id: expect.any(String), staff, createdAt: T0, lastSeenAt: T0, expiresAt: at(HOUR) });
    const { id } = (await h.stores.sessions.findSession(token, T0))!;
    await h.stores.sessions.touchSession(id, at(10 * MINUTE));
    expect(await h.stores.sessions.findSession(token, at(HOUR - 1))).toMatchObject({ id, lastSeenAt: at(10 * MINUTE), createdAt: T0 });
    expect(await h.stores.sessions.findSession(token, at(HOUR))).toBeNull();
    expect(await h.stores.sessions.findSession(hash(), T0)).toBeNull();
  });

  it("has no session for a disabled account", async () => {
    const staff = await h.staffMember();
    const token = hash();
    await h.stores.sessions.createSession({ tokenHash: token, staffId: staff.id, now: T0, expiresAt: at(DAY) });
    await h.stores.staff.updateStaff(staff.id, { active: false });
    expect(await h.stores.sessions.findSession(token, T0)).toBeNull();
  });

  it("deletes one session, or every session of an account", async () => {
    const [staff, other] = [await h.staffMember(), await h.staffMember()];
    const [a, b, c, theirs] = [hash(), hash(), hash(), hash()];
    for (const t of [a, b, c]) await h.stores.sessions.createSession({ tokenHash: t, staffId: staff.id, now: T0, expiresAt: at(DAY) });
    await h.stores.sessions.createSession({ tokenHash: theirs, staffId: other.id, now: T0, expiresAt: at(DAY) });
    await h.stores.sessions.deleteSession(a);
    expect(await h.stores.sessions.findSession(a, T0)).toBeNull();
    expect(await h.stores.sessions.findSession(b, T0)).not.toBeNull();
    expect(await h.stores.sessions.deleteStaffSessions(staff.id)).toBe(2);
    expect(await h.stores.sessions.findSession(c, T0)).toBeNull();
    expect(await h.stores.sessions.findSession(theirs, T0)).not.toBeNull();
    expect(await h.stores.sessions.deleteStaffSessions(staff.id)).toBe(0);
  });
});

describe(`StaffTokenStore (${backend})`, () => {
  it("finds an unused, unexpired token of the asked kind, with what it carries", async () => {
    const admin = await h.staffMember({ role: "admin" });
    const token = hash();
    await h.stores.staffTokens.createStaffToken({
      tokenHash: token,
      kind: "invite",
      role: "counsellor",
      email: "new@example.org",
      provinceCodes: [1, 79],
      createdById: admin.id,
      expiresAt: at(DAY),
    });
    expect(await h.stores.staffTokens.findStaffToken(token, "invite", T0)).toEqual({
      id: expect.any(String),
      kind: "invite",
      role: "counsellor",
      email: "new@example.org",
      provinceCodes: [1, 79],
      staffId: null,
      createdById: admin.id,
      expiresAt: at(DAY),
      usedAt: null,
    });
    expect(await h.stores.staffTokens.findStaffToken(token, "reset", T0)).toBeNull();
    expect(await h.stores.staffTokens.findStaffToken(token, "invite", at(DAY))).toBeNull();
    expect(await h.stores.staffTokens.findStaffToken(hash(), "invite", T0)).toBeNull();
  });

  it("is single-use: one of two concurrent uses wins, and a used token is not found", async () => {
    const staff = await h.staffMember();
    const token = hash();
    await h.stores.staffTokens.createStaffToken({ tokenHash: token, kind: "reset", staffId: staff.id, expiresAt: at(HOUR) });
    const found = (await h.stores.staffTokens.findStaffToken(token, "reset", T0))!;
    expect(found).toMatchObject({ staffId: staff.id, role: null, email: null, provinceCodes: [], createdById: null });
    const uses = await Promise.all([h.stores.staffTokens.useStaffToken(found.id, T0), h.stores.staffTokens.useStaffToken(found.id, T0)]);
    expect(uses.sort()).toEqual([false, true]);
    expect(await h.stores.staffTokens.useStaffToken(found.id, at(MINUTE))).toBe(false);
    expect(await h.stores.staffTokens.findStaffToken(token, "reset", T0)).toBeNull();
    expect((await h.db.prisma.staffToken.findUniqueOrThrow({ where: { id: found.id } })).usedAt).toEqual(T0);
  });

  it("counts live tokens of a kind: unused and unexpired", async () => {
    const make = (kind: "setup" | "telegram", expiresAt: Date) => h.stores.staffTokens.createStaffToken({ tokenHash: hash(), kind, expiresAt });
    expect(await h.stores.staffTokens.countLiveTokens("setup", T0)).toBe(0);
    await make("setup", at(HOUR));
    await make("setup", at(2 * HOUR));
    await make("setup", T0); // expires now: not live
    await make("telegram", at(HOUR));
    const used = hash();
    await h.stores.staffTokens.createStaffToken({ tokenHash: used, kind: "setup", expiresAt: at(HOUR) });
    await h.stores.staffTokens.useStaffToken((await h.stores.staffTokens.findStaffToken(used, "setup", T0))!.id, T0);
    expect(await h.stores.staffTokens.countLiveTokens("setup", T0)).toBe(2);
    expect(await h.stores.staffTokens.countLiveTokens("setup", at(HOUR))).toBe(1);
    expect(await h.stores.staffTokens.countLiveTokens("telegram", T0)).toBe(1);
  });

  it("revokes every unused token of a kind, leaving other kinds alone", async () => {
    const setup = hash();
    await h.stores.staffTokens.createStaffToken({ tokenHash: setup, kind: "setup", expiresAt: at(DAY) });
    const telegramBefore = await h.stores.staffTokens.countLiveTokens("telegram", T0);
    expect(await h.stores.staffTokens.revokeLiveTokens("setup", T0)).toBeGreaterThanOrEqual(1);
    expect(await h.stores.staffTokens.findStaffToken(setup, "setup", T0)).toBeNull();
    expect(await h.stores.staffTokens.countLiveTokens("setup", T0)).toBe(0);
    expect(await h.stores.staffTokens.countLiveTokens("telegram", T0)).toBe(telegramBefore);
    expect(await h.stores.staffTokens.revokeLiveTokens("setup", T0)).toBe(0);
  });
});

describe(`SignInThrottleStore (${backend})`, () => {
  it("counts failures per account and address inside the window, and clears them", async () => {
    const fail = (account: string, ip: string, when: Date) => h.stores.signIns.recordLoginFailure(account, ip, when);
    await fail("lan@example.org", "10.0.0.1", at(-20 * MINUTE));
    await fail("lan@example.org", "10.0.0.1", at(-10 * MINUTE));
    await fail("lan@example.org", "10.0.0.1", T0);
    await fail("lan@example.org", "10.0.0.2", T0);
    await fail("minh@example.org", "10.0.0.1", T0);
    const count = (account: string, ip: string, since: Date) => h.stores.signIns.countLoginFailures(account, ip, since);
    expect(await count("lan@example.org", "10.0.0.1", at(-15 * MINUTE))).toBe(2);
    expect(await count("lan@example.org", "10.0.0.1", at(-HOUR))).toBe(3);
    expect(await count("lan@example.org", "10.0.0.2", at(-HOUR))).toBe(1);
    await h.stores.signIns.clearLoginFailures("lan@example.org", "10.0.0.1");
    expect(await count("lan@example.org", "10.0.0.1", at(-HOUR))).toBe(0);
    expect(await count("lan@example.org", "10.0.0.2", at(-HOUR))).toBe(1);
    expect(await count("minh@example.org", "10.0.0.1", at(-HOUR))).toBe(1);
  });

  it("prunes failures older than a day when a new one is recorded", async () => {
    await h.stores.signIns.recordLoginFailure("old@example.org", "10.0.0.9", at(-DAY - 1));
    await h.stores.signIns.recordLoginFailure("old@example.org", "10.0.0.9", at(-DAY));
    expect(await h.stores.signIns.countLoginFailures("old@example.org", "10.0.0.9", at(-2 * DAY))).toBe(2);
    await h.stores.signIns.recordLoginFailure("someone@example.org", "10.0.0.8", T0);
    expect(await h.stores.signIns.countLoginFailures("old@example.org", "10.0.0.9", at(-2 * DAY))).toBe(1);
  });
});

describe(`StaffAlertStore (${backend})`, () => {
  it("reserves one ping per (case, staff, priority)", async () => {
    const c = await h.openCase((await h.person()).id, { priority: 1 });
    const [lan, minh] = [await h.staffMember(), await h.staffMember()];
    const claim = (staffId: string, priority: number) => h.stores.staffAlerts.claimStaffAlert({ caseId: c.id, staffId, priority, now: T0 });
    const both = await Promise.all([claim(lan.id, 1), claim(lan.id, 1)]);
    expect(both.filter((id) => id !== null)).toHaveLength(1);
    expect(await claim(lan.id, 1)).toBeNull();
    expect(await claim(lan.id, 0)).toEqual(expect.any(String)); // raised to crisis: ping again
    expect(await claim(minh.id, 1)).toEqual(expect.any(String));
  });

  it("drops a reservation only while it is being sent", async () => {
    const c = await h.openCase((await h.person()).id, { priority: 0 });
    const [sent, failed, gone] = [await h.staffMember(), await h.staffMember(), await h.staffMember()];
    const claim = (staffId: string) => h.stores.staffAlerts.claimStaffAlert({ caseId: c.id, staffId, priority: 0, now: T0 });
    const status = async (id: string) => (await h.db.prisma.staffAlert.findUnique({ where: { id } }))?.status ?? "gone";

    const sentId = (await claim(sent.id))!;
    await h.stores.staffAlerts.finishStaffAlert(sentId, "sent");
    await h.stores.staffAlerts.dropStaffAlert(sentId);
    expect(await status(sentId)).toBe("sent");
    expect(await claim(sent.id)).toBeNull();

    const goneId = (await claim(gone.id))!;
    await h.stores.staffAlerts.finishStaffAlert(goneId, "unreachable");
    await h.stores.staffAlerts.dropStaffAlert(goneId);
    expect(await status(goneId)).toBe("unreachable");

    const failedId = (await claim(failed.id))!;
    expect(await status(failedId)).toBe("sending");
    await h.stores.staffAlerts.dropStaffAlert(failedId);
    expect(await status(failedId)).toBe("gone");
    expect(await claim(failed.id)).toEqual(expect.any(String));
  });
});
