// StaffStore contract: accounts with their areas, and the Telegram link used for urgent-case pings.
// Other tests' accounts share the database, so lists are checked on each test's own accounts.
import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import type { StaffRecord } from "../../src/core/ports.ts";
import { T0, at, backend, useStores } from "./store-harness.ts";

const h = useStores();
const UNKNOWN_ID = "00000000-0000-4000-8000-000000000000";
const mine = <T extends { id: string }>(rows: T[], own: Array<{ id: string }>) => rows.filter((r) => own.some((o) => o.id === r.id));

describe(`StaffStore: accounts (${backend})`, () => {
  it("creates an account with its areas and finds it by e-mail (with the hash) and by id", async () => {
    const before = await h.stores.staff.countStaff();
    const email = `lan-${randomUUID()}@example.org`;
    const lan = await h.stores.staff.createStaff({
      email,
      displayName: "Lan",
      role: "supervisor",
      passwordHash: "scrypt$lan",
      provinceCodes: [79, 1, 79],
      locale: "en",
    });
    expect(lan).toEqual({
      id: expect.any(String),
      email,
      displayName: "Lan",
      role: "supervisor",
      active: true,
      locale: "en",
      provinceCodes: [1, 79],
      onDuty: false,
      telegramLinked: false,
      createdAt: expect.any(Date),
    });
    expect(await h.stores.staff.countStaff()).toBe(before + 1);
    expect(await h.stores.staff.findStaffByEmail(email)).toEqual({ ...lan, passwordHash: "scrypt$lan" });
    expect(await h.stores.staff.getStaff(lan.id)).toEqual(lan);
    expect(await h.stores.staff.findStaffByEmail("nobody@example.org")).toBeNull();
    expect(await h.stores.staff.getStaff(UNKNOWN_ID)).toBeNull();
    const minh = await h.staffMember({ role: "club_leader", provinceCodes: [] });
    expect(minh).toMatchObject({ role: "club_leader", provinceCodes: [], locale: "vi" });
  });

  it("updates each field on its own, replacing the areas only when given", async () => {
    const s = await h.staffMember({ provinceCodes: [1, 2] });
    const get = async () => (await h.stores.staff.findStaffByEmail(s.email))!;
    await h.stores.staff.updateStaff(s.id, { role: "admin", displayName: "Renamed", locale: "en", onDuty: true });
    expect(await get()).toMatchObject({ role: "admin", displayName: "Renamed", locale: "en", onDuty: true, active: true, provinceCodes: [1, 2] });
    await h.stores.staff.updateStaff(s.id, { passwordHash: "scrypt$new", active: false });
    expect(await get()).toMatchObject({ passwordHash: "scrypt$new", active: false, role: "admin", provinceCodes: [1, 2] });
    await h.stores.staff.updateStaff(s.id, { provinceCodes: [48, 79, 48] });
    expect((await get()).provinceCodes).toEqual([48, 79]);
    await h.stores.staff.updateStaff(s.id, { provinceCodes: [] });
    expect(await get()).toMatchObject({ provinceCodes: [], displayName: "Renamed", active: false });
  });

  it("lists active accounts first, each group by name", async () => {
    const own: StaffRecord[] = [];
    for (const name of ["Bao", "Dung", "An", "Cuong"]) own.push(await h.staffMember({ displayName: name }));
    const [bao, dung, an] = own;
    await h.stores.staff.updateStaff(an!.id, { active: false });
    await h.stores.staff.updateStaff(dung!.id, { active: false });
    expect(mine(await h.stores.staff.listStaff(), own).map((s) => s.displayName)).toEqual(["Bao", "Cuong", "An", "Dung"]);
    expect(mine(await h.stores.staff.listStaff(), [bao!])[0]).toEqual(bao);
  });
});

describe(`StaffStore: Telegram link (${backend})`, () => {
  it("links a chat sealed at rest, finds the account by it, and unlinks", async () => {
    const s = await h.staffMember();
    expect(await h.stores.staff.findStaffByTelegram("55501")).toBeNull();
    await h.stores.staff.linkTelegram(s.id, "55501", T0);
    expect(await h.stores.staff.findStaffByTelegram("55501")).toEqual({ ...s, telegramLinked: true });
    expect((await h.stores.staff.getStaff(s.id))!.telegramLinked).toBe(true);
    const row = await h.db.prisma.staff.findUniqueOrThrow({ where: { id: s.id } });
    expect(row.telegramLinkedAt).toEqual(T0);
    expect(await h.rawRows("Staff", "id = $1::uuid", s.id)).not.toContain("55501");

    await h.stores.staff.linkTelegram(s.id, "55502", at(1));
    expect(await h.stores.staff.findStaffByTelegram("55501")).toBeNull();
    expect((await h.stores.staff.findStaffByTelegram("55502"))!.id).toBe(s.id);

    await h.stores.staff.unlinkTelegram(s.id);
    expect(await h.stores.staff.findStaffByTelegram("55502")).toBeNull();
    expect((await h.stores.staff.getStaff(s.id))!.telegramLinked).toBe(false);
  });

  it("moves the link when a second account links the same chat", async () => {
    const [first, second] = [await h.staffMember(), await h.staffMember()];
    await h.stores.staff.linkTelegram(first.id, "66601", T0);
    await h.stores.staff.linkTelegram(second.id, "66601", at(1));
    expect((await h.stores.staff.findStaffByTelegram("66601"))!.id).toBe(second.id);
    expect((await h.stores.staff.getStaff(first.id))!.telegramLinked).toBe(false);
    expect((await h.stores.staff.getStaff(second.id))!.telegramLinked).toBe(true);
  });

  it("pings only accounts that are on duty, active and linked, with the chat id unsealed", async () => {
    const [ready, offDuty, disabled, unlinked] = [await h.staffMember(), await h.staffMember(), await h.staffMember(), await h.staffMember()];
    for (const [s, chat] of [
      [ready, "77701"],
      [offDuty, "77702"],
      [disabled, "77703"],
    ] as const) {
      await h.stores.staff.linkTelegram(s.id, chat, T0);
    }
    await h.stores.staff.updateStaff(ready.id, { onDuty: true });
    await h.stores.staff.updateStaff(disabled.id, { onDuty: true, active: false });
    await h.stores.staff.updateStaff(unlinked.id, { onDuty: true });
    const own = [ready, offDuty, disabled, unlinked];
    const recipients = (await h.stores.staff.listAlertRecipients()).filter((r) => own.some((o) => o.id === r.staff.id));
    expect(recipients).toEqual([{ staff: { ...ready, onDuty: true, telegramLinked: true }, telegramChatId: "77701" }]);
    // A link sealed with a retired key cannot be pinged: it is left out, not an error.
    const withOtherKeys = await h.storesWithOtherKeys().staff.listAlertRecipients();
    expect(withOtherKeys.filter((r) => r.staff.id === ready.id)).toEqual([]);
  });
});
