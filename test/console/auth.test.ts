// Console accounts over HTTP: first-admin setup link, sign-in, sessions, CSRF, throttling,
// invitations, password reset and sign-out everywhere.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hashPassword, verifyPassword } from "../../src/core/staff/password.ts";
import { hashToken } from "../../src/core/staff/tokens.ts";
import { ConsoleClient } from "./console-client.ts";
import { startConsoleTest, type ConsoleTest } from "./harness.ts";

let t: ConsoleTest;

beforeAll(async () => {
  t = await startConsoleTest();
});
afterAll(async () => {
  await t?.stop();
});

describe("password hashing", () => {
  it("uses scrypt N=2^15 r=8 p=1 with a per-password salt and verifies", async () => {
    const a = await hashPassword("một câu mật khẩu dài");
    const b = await hashPassword("một câu mật khẩu dài");
    expect(a).toMatch(/^scrypt\$15\$8\$1\$[\w-]{22}\$[\w-]{43}$/);
    expect(a).not.toBe(b);
    expect(await verifyPassword("một câu mật khẩu dài", a)).toBe(true);
    expect(await verifyPassword("một câu mật khẩu dàI", a)).toBe(false);
    expect(await verifyPassword("x", "md5$abc")).toBe(false);
  });
});

describe("first start", () => {
  it("ships 12 or more ready answers in each language on a new install, once", async () => {
    const before = await t.stores.readyAnswers.listCannedReplies();
    for (const locale of ["vi", "en"]) expect(before.filter((r) => r.locale === locale).length).toBeGreaterThanOrEqual(12);
    expect(before.map((r) => r.title)).toEqual(expect.arrayContaining(["Chào hỏi", "Hỏi về an toàn", "Greeting", "Safety check", "Referral offer", "Closing"]));
    await t.onFirstStart();
    expect(await t.stores.readyAnswers.listCannedReplies()).toHaveLength(before.length);
  });

  it("keeps only the newest setup link working when the app restarts before anyone used one", async () => {
    await t.onFirstStart();
    await t.onFirstStart();
    const links = t.logs.map((l) => l.setupUrl).filter((u): u is string => typeof u === "string");
    expect(links.length).toBeGreaterThanOrEqual(2);
    expect((await new ConsoleClient(t.url).get(links.at(-2)!)).status).toBe(404);
    expect((await new ConsoleClient(t.url).get(links.at(-1)!)).status).toBe(200);
  });

  it("logs a one-time setup link while there is no staff; it creates the first admin and works once", async () => {
    await t.onFirstStart();
    const entry = t.logs.findLast((l) => typeof l.setupUrl === "string");
    expect(entry).toBeDefined();
    const path = String(entry!.setupUrl);
    expect(path).toMatch(/^\/console\/setup\/[\w-]{43}$/);
    // Only the hash is stored.
    const token = path.split("/").pop()!;
    expect(await t.app.db.prisma.staffToken.findUnique({ where: { tokenHash: hashToken(token) } })).not.toBeNull();
    expect(await t.app.db.prisma.staffToken.count({ where: { tokenHash: token } })).toBe(0);

    const admin = new ConsoleClient(t.url);
    const form = await admin.get(path);
    expect(form.status).toBe(200);
    expect(form.html).toContain('<html lang="vi">');
    const short = await admin.post(path, { displayName: "Chị Lan", email: "lan@example.org", password: "short" });
    expect(short.status).toBe(400);
    expect(short.html).toContain("ngắn hơn 12 ký tự");
    for (const weak of ["1234567890", "123456789012", "qwertyuiopasdf", "Lan@Example.org2024"]) {
      const refused = await admin.post(path, { displayName: "Chị Lan", email: "lan@example.org", password: weak });
      expect(refused.status, weak).toBe(400);
      expect(refused.html).toContain("quá dễ đoán");
    }
    expect(await t.app.db.prisma.staff.count()).toBe(0);
    const done = await admin.post(path, { displayName: "Chị Lan", email: "Lan@Example.org", password: "một câu mật khẩu dài" });
    expect(done.status).toBe(303);
    expect(done.location).toBe("/console");
    expect(admin.cookies.get("kna_staff")).toMatch(/^[\w-]{43}$/);
    const queue = await admin.get("/console");
    expect(queue.status).toBe(200);
    expect(queue.html).toContain("Hàng chờ");
    const row = await t.app.db.prisma.staff.findUniqueOrThrow({ where: { email: "lan@example.org" } });
    expect(row.role).toBe("admin");
    expect(row.passwordHash).toMatch(/^scrypt\$/);

    expect((await new ConsoleClient(t.url).get(path)).status).toBe(404);
    const before = t.logs.length;
    await t.onFirstStart();
    expect(t.logs.slice(before).some((l) => l.setupUrl)).toBe(false);
  });
});

describe("sessions", () => {
  it("sets an HttpOnly SameSite=Lax cookie scoped to /console and stores only its hash", async () => {
    const s = await t.staff("counsellor", [1]);
    const res = await fetch(`${t.url}/console/login`);
    const csrf = /name="_csrf" value="([^"]+)"/.exec(await res.text())![1]!;
    const csrfCookie = res.headers.getSetCookie()[0]!.split(";")[0]!;
    const login = await fetch(`${t.url}/console/login`, {
      method: "POST",
      redirect: "manual",
      headers: { "content-type": "application/x-www-form-urlencoded", cookie: csrfCookie },
      body: new URLSearchParams({ _csrf: csrf, email: s.email, password: s.password }),
    });
    expect(login.status).toBe(303);
    const cookie = login.headers.getSetCookie().find((c) => c.startsWith("kna_staff="))!;
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    expect(cookie).toMatch(/Path=\/console/);
    expect(cookie).not.toMatch(/Secure/);
    const token = cookie.split(";")[0]!.split("=")[1]!;
    expect(await t.app.db.prisma.staffSession.count({ where: { tokenHash: hashToken(token) } })).toBe(1);
    expect(await t.app.db.prisma.staffSession.count({ where: { tokenHash: token } })).toBe(0);
  });

  it("rejects wrong passwords, signs in, signs out, and signs out everywhere", async () => {
    const s = await t.staff("counsellor", [1]);
    const anon = new ConsoleClient(t.url);
    expect((await anon.get("/console")).location).toBe("/console/login");
    const wrong = await anon.login(s.email, "wrong password!");
    expect(wrong.status).toBe(400);
    expect(wrong.html).toContain("Email hoặc mật khẩu không đúng");

    const phone = new ConsoleClient(t.url);
    const laptop = new ConsoleClient(t.url);
    expect((await phone.login(s.email, s.password)).status).toBe(303);
    expect((await laptop.login(s.email.toUpperCase(), s.password)).status).toBe(303);
    await phone.get("/console");
    const out = await phone.post("/console/logout");
    expect(out.location).toBe("/console/login?ok=loggedOut");
    expect((await phone.get("/console")).location).toBe("/console/login");
    expect((await laptop.get("/console")).status).toBe(200);

    expect((await phone.login(s.email, s.password)).status).toBe(303);
    await laptop.get("/console");
    await laptop.post("/console/logout-all");
    expect((await phone.get("/console")).location).toBe("/console/login");
    expect(await t.app.db.prisma.consoleAudit.count({ where: { actorId: s.id, action: { in: ["auth.login", "auth.logout", "auth.logout_all"] } } })).toBe(5);
  });

  it("ends a session after 12 hours without use", async () => {
    const s = await t.staff("counsellor", [1]);
    const c = new ConsoleClient(t.url);
    await c.login(s.email, s.password);
    t.clock.advance(13 * 3600_000);
    try {
      expect((await c.get("/console")).location).toBe("/console/login");
    } finally {
      t.clock.advance(-13 * 3600_000);
    }
  });
});

describe("CSRF", () => {
  it("refuses a form without the token or with another session's token, and does nothing", async () => {
    const s = await t.staff("counsellor", [1]);
    const other = await t.staff("counsellor", [1]);
    const kase = await t.caseFor({ provinceCode: 1 });
    const c = new ConsoleClient(t.url);
    await c.login(s.email, s.password);
    await c.get("/console");
    const missing = await c.post(`/console/cases/${kase.handle}/claim`, {}, null);
    expect(missing.status).toBe(403);
    expect(missing.html).toContain("Biểu mẫu đã hết hạn");
    const o = new ConsoleClient(t.url);
    await o.login(other.email, other.password);
    await o.get("/console");
    expect((await c.post(`/console/cases/${kase.handle}/claim`, {}, o.csrf)).status).toBe(403);
    expect(await t.app.db.prisma.caseAssignment.count({ where: { caseId: kase.id } })).toBe(0);
    expect((await c.post(`/console/cases/${kase.handle}/claim`)).status).toBe(303);
    expect(await t.app.db.prisma.caseAssignment.count({ where: { caseId: kase.id } })).toBe(1);
  });

  it("protects the sign-in form too (double-submit cookie)", async () => {
    const s = await t.staff("counsellor", [1]);
    const c = new ConsoleClient(t.url);
    await c.get("/console/login");
    expect((await c.post("/console/login", { email: s.email, password: s.password }, "forged-token")).status).toBe(403);
    expect(c.cookies.has("kna_staff")).toBe(false);
  });
});

describe("throttling", () => {
  it("refuses an account+address after 5 failures in 15 minutes, even with the right password", async () => {
    const s = await t.staff("counsellor", [1]);
    const c = new ConsoleClient(t.url);
    for (let i = 0; i < 5; i++) expect((await c.login(s.email, `wrong ${i} password`)).status).toBe(400);
    const blocked = await c.login(s.email, s.password);
    expect(blocked.status).toBe(429);
    expect(blocked.html).toContain("15 phút");
    // Both are in the audit trail, against the account, without the email or password typed.
    const failed = await t.app.db.prisma.consoleAudit.findMany({ where: { action: "auth.login_failed", targetId: s.id } });
    expect(failed).toHaveLength(5);
    expect(failed.at(-1)!.details).toEqual({ reason: "wrong_password", failures: 5 });
    const throttled = await t.app.db.prisma.consoleAudit.findFirstOrThrow({ where: { action: "auth.login_throttled", targetId: s.id } });
    expect(JSON.stringify(throttled)).not.toContain(s.email);
    await new ConsoleClient(t.url).login("nobody@example.org", "whatever it is");
    expect(
      await t.app.db.prisma.consoleAudit.count({
        where: { action: "auth.login_failed", targetId: null, details: { equals: { reason: "unknown_account", failures: 1 } } },
      }),
    ).toBe(1);
    // Another account from the same address is not affected.
    const other = await t.staff("counsellor", [1]);
    expect((await new ConsoleClient(t.url).login(other.email, other.password)).status).toBe(303);
    t.clock.advance(16 * 60_000);
    try {
      expect((await c.login(s.email, s.password)).status).toBe(303);
    } finally {
      t.clock.advance(-16 * 60_000);
    }
  });
});

describe("invitations and resets", () => {
  it("an admin invites a counsellor by a single-use link with role and provinces", async () => {
    const admin = await t.staff("admin");
    const a = new ConsoleClient(t.url);
    await a.login(admin.email, admin.password);
    await a.get("/console/staff");
    const page = await a.post("/console/staff/invite", { email: "", role: "counsellor", provinceCodes: ["1", "40"] });
    expect(page.status).toBe(200);
    // The whole address to send, with the host the admin's browser used (no PUBLIC_URL in tests).
    const link = linkIn(page.html, "invite");

    const n = new ConsoleClient(t.url);
    await n.get(link);
    const made = await n.post(link, { displayName: "Anh Minh", email: "minh@example.org", password: "mật khẩu của Minh" });
    expect(made.status).toBe(303);
    const minh = await t.stores.staff.findStaffByEmail("minh@example.org");
    expect(minh).toMatchObject({ role: "counsellor", provinceCodes: [1, 40] });
    expect((await new ConsoleClient(t.url).get(link)).status).toBe(404);
    expect(await t.app.db.prisma.consoleAudit.count({ where: { action: "staff.invite", actorId: admin.id } })).toBe(1);
    expect(await t.app.db.prisma.consoleAudit.count({ where: { action: "staff.create", targetId: minh!.id, actorId: admin.id } })).toBe(1);
  });

  it("an invitation expires", async () => {
    const admin = await t.staff("admin");
    const a = new ConsoleClient(t.url);
    await a.login(admin.email, admin.password);
    await a.get("/console/staff");
    const page = await a.post("/console/staff/invite", { email: "late@example.org", role: "supervisor", provinceCodes: ["1"] });
    const link = linkIn(page.html, "invite");
    t.clock.advance(73 * 3600_000);
    try {
      expect((await new ConsoleClient(t.url).get(link)).status).toBe(404);
    } finally {
      t.clock.advance(-73 * 3600_000);
    }
  });

  it("an admin resets a password: the link works once and ends the account's sessions", async () => {
    const admin = await t.staff("admin");
    const s = await t.staff("counsellor", [1]);
    const old = new ConsoleClient(t.url);
    await old.login(s.email, s.password);
    const a = new ConsoleClient(t.url);
    await a.login(admin.email, admin.password);
    await a.get("/console/staff");
    const page = await a.post(`/console/staff/${s.id}/reset`);
    const link = linkIn(page.html, "reset");
    const r = new ConsoleClient(t.url);
    await r.get(link);
    const weak = await r.post(link, { password: "password1234" });
    expect(weak.status).toBe(400);
    expect(weak.html).toContain("quá dễ đoán");
    const done = await r.post(link, { password: "một mật khẩu mới toanh" });
    expect(done.location).toBe("/console/login?ok=passwordSet");
    expect((await old.get("/console")).location).toBe("/console/login");
    expect((await new ConsoleClient(t.url).login(s.email, s.password)).status).toBe(400);
    expect((await new ConsoleClient(t.url).login(s.email, "một mật khẩu mới toanh")).status).toBe(303);
    expect((await new ConsoleClient(t.url).get(link)).status).toBe(404);
  });

  it("disabling an account signs it out; only admins reach the staff page", async () => {
    const admin = await t.staff("admin");
    const s = await t.staff("supervisor", [1]);
    const sc = new ConsoleClient(t.url);
    await sc.login(s.email, s.password);
    expect((await sc.get("/console/staff")).status).toBe(404);
    const a = new ConsoleClient(t.url);
    await a.login(admin.email, admin.password);
    await a.get("/console/staff");
    const saved = await a.post(`/console/staff/${s.id}`, { displayName: s.displayName, role: "supervisor", provinceCodes: ["1", "79"] });
    expect(saved.location).toBe("/console/staff?ok=saved");
    expect((await sc.get("/console")).location).toBe("/console/login");
    expect(await t.stores.staff.getStaff(s.id)).toMatchObject({ active: false, provinceCodes: [1, 79] });
    const change = await t.app.db.prisma.consoleAudit.findFirstOrThrow({ where: { action: "staff.update", targetId: s.id } });
    expect(change.actorId).toBe(admin.id);
    expect(change.details).toEqual({ active: [true, false], provinceCodes: [[1], [1, 79]] });
    const log = await a.get("/console/audit");
    expect(log.html).toContain("Sửa tài khoản → supervisor");
    expect((await sc.get("/console/audit")).status).not.toBe(200);
    const self = await a.post(`/console/staff/${admin.id}`, { displayName: "x", role: "counsellor", active: "1" });
    expect(self.location).toBe("/console/staff?err=self_change");
  });
});

/** The full link shown to the admin (its host is the test server's), as a path for the client. */
function linkIn(html: string, kind: "invite" | "reset"): string {
  const url = new RegExp(`value="(http://127\\.0\\.0\\.1:\\d+/console/${kind}/[\\w-]{43})"`).exec(html)?.[1];
  expect(url, `a full ${kind} link`).toBeDefined();
  expect(url!.startsWith(t.url)).toBe(true);
  return new URL(url!).pathname;
}
