// Staff pings below the Telegram adapter: who is pinged (access.ts rules), idempotency across retries
// and failed sends, the one-time linking code, and the console page when no messenger is configured.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTelegramLink } from "../../src/core/staff/create-telegram-link.ts";
import type { StaffMessenger } from "../../src/console/index.ts";
import { createStaffLinkHandler } from "../../src/core/staff/link-telegram.ts";
import { notifyUrgentCase, type NotifyDeps } from "../../src/core/staff/notify-urgent-case.ts";
import { createTranslator } from "../../src/shared/i18n/index.ts";
import { silentLogger } from "../../src/shared/logging/logger.ts";
import type { SendStatus } from "../../src/core/ports.ts";
import { ConsoleClient } from "./console-client.ts";
import { startConsoleTest, type ConsoleTest } from "./harness.ts";

let t: ConsoleTest;
let chat = 500_000;
const translator = createTranslator();

beforeAll(async () => {
  t = await startConsoleTest();
});
afterAll(async () => {
  await t?.stop();
});

class RecordingMessenger implements StaffMessenger {
  readonly sent: Array<{ chatId: string; text: string }> = [];
  status: SendStatus = "sent";
  botUsername = () => "kna_bot";
  send = async (chatId: string, text: string) => {
    if (this.status === "sent") this.sent.push({ chatId, text });
    return this.status;
  };
}

function deps(messenger: StaffMessenger): NotifyDeps {
  return { stores: t.stores, messenger, translator, clock: t.clock, logger: silentLogger(), origin: () => "https://ketnoi.example.vn/" };
}

async function onDutyLinked(role: "admin" | "supervisor" | "counsellor", provinces: number[]): Promise<string> {
  const s = await t.staff(role, provinces);
  const chatId = String(chat++);
  await t.stores.staff.updateStaff(s.id, { onDuty: true });
  await t.stores.staff.linkTelegram(s.id, chatId, t.clock.now());
  return chatId;
}

describe("urgent-case pings", () => {
  it("pings whoever may see the case, once per case and priority, with handle, priority and link only", async () => {
    const admin = await onDutyLinked("admin", []);
    const supervisor = await onDutyLinked("supervisor", [1]);
    const counsellor = await onDutyLinked("counsellor", [79]);
    const offDuty = await t.staff("counsellor", [79]);
    await t.stores.staff.linkTelegram(offDuty.id, String(chat++), t.clock.now());
    const noArea = await t.caseFor({ provinceCode: null, priority: 1, concern: "trafficking" });
    const m = new RecordingMessenger();

    expect(await notifyUrgentCase(deps(m), { caseId: noArea.id, priority: 1 })).toMatchObject({ sent: 2, failed: 0 });
    expect(m.sent.map((s) => s.chatId).sort()).toEqual([admin, counsellor].sort());
    expect(m.sent[0]!.text).toContain(`#${noArea.handle}`);
    expect(m.sent[0]!.text).toContain(`https://ketnoi.example.vn/console/cases/${noArea.handle}`);
    expect(m.sent[0]!.text).not.toMatch(/trafficking|buôn bán/i);

    // A retry pings nobody twice; the same case raised to crisis pings again.
    expect(await notifyUrgentCase(deps(m), { caseId: noArea.id, priority: 1 })).toMatchObject({ sent: 0, skipped: 2 });
    expect(await notifyUrgentCase(deps(m), { caseId: noArea.id, priority: 0 })).toMatchObject({ sent: 2 });
    expect(m.sent).toHaveLength(4);

    const inHanoi = await t.caseFor({ provinceCode: 1, priority: 0 });
    await notifyUrgentCase(deps(m), { caseId: inHanoi.id, priority: 0 });
    expect(
      m.sent
        .slice(4)
        .map((s) => s.chatId)
        .sort(),
    ).toEqual([admin, supervisor].sort());
  });

  it("shows admins who is on duty and who has Telegram linked", async () => {
    await onDutyLinked("counsellor", [92]);
    const plain = await t.staff("counsellor", [92]);
    const boss = await t.staff("admin");
    const c = new ConsoleClient(t.url);
    await c.login(boss.email, boss.password);
    const page = (await c.get("/console/staff")).html;
    const card = (email: string) => page.slice(page.indexOf(email), page.indexOf("</section>", page.indexOf(email)));
    const linkedEmail = (await t.stores.staff.listStaff()).find((s) => s.onDuty && s.provinceCodes.includes(92))!.email;
    expect(card(linkedEmail)).toContain("đang trực");
    expect(card(linkedEmail)).toContain("đã liên kết Telegram");
    expect(card(plain.email)).toContain("không trực");
    expect(card(plain.email)).toContain("chưa liên kết Telegram");
  });

  it("a failed send is reported and retried later; a closed case pings nobody", async () => {
    const counsellor = await onDutyLinked("counsellor", [31]);
    const kase = await t.caseFor({ provinceCode: 31, priority: 0 });
    const m = new RecordingMessenger();
    m.status = "retryable";
    const first = await notifyUrgentCase(deps(m), { caseId: kase.id, priority: 0 }); // the admin above sees it too
    expect(first).toMatchObject({ sent: 0, failed: 2 });
    m.status = "sent";
    expect(await notifyUrgentCase(deps(m), { caseId: kase.id, priority: 0 })).toMatchObject({ sent: 2, failed: 0 });
    expect(await notifyUrgentCase(deps(m), { caseId: kase.id, priority: 0 })).toMatchObject({ sent: 0, skipped: 2 });
    expect(m.sent.filter((s) => s.chatId === counsellor)).toHaveLength(1);

    const closed = await t.caseFor({ provinceCode: 31, priority: 0 });
    await t.stores.cases.closeCase(closed.id, "answered", t.clock.now());
    expect(await notifyUrgentCase(deps(m), { caseId: closed.id, priority: 0 })).toEqual({ sent: 0, skipped: 0, failed: 0 });
  });
});

describe("linking Telegram", () => {
  it("without a messenger the page says so, linking is refused and on duty still toggles", async () => {
    const s = await t.staff("counsellor", [1]);
    const c = new ConsoleClient(t.url);
    await c.login(s.email, s.password);
    const page = await c.get("/console/me");
    expect(page.html).toContain("chưa cấu hình Telegram");
    expect((await c.post("/console/me/telegram/link")).location).toBe("/console/me?err=forbidden");
    await c.get("/console/me");
    expect((await c.post("/console/me/duty", { onDuty: "1" })).location).toBe("/console/me?ok=onDuty");
    expect((await t.stores.staff.getStaff(s.id))?.onDuty).toBe(true);
    expect((await t.stores.audit.list({ limit: 5 })).map((a) => a.action)).toContain("staff.on_duty");
  });

  it("a code works once, on Telegram only, and expires", async () => {
    const s = await t.staff("counsellor", [1]);
    const handler = createStaffLinkHandler({ stores: t.stores, translator, clock: t.clock, logger: silentLogger() });
    const d = { stores: t.stores, clock: t.clock, messenger: new RecordingMessenger() } as unknown as Parameters<typeof createTelegramLink>[0];
    const offer = await createTelegramLink(d, { staff: s });
    expect(offer.deepLink).toMatch(/^https:\/\/t\.me\/kna_bot\?start=staff_[\w-]{22}$/);
    const payload = offer.command.replace("/start ", "");

    expect(await handler.handle({ channel: "zalo", externalId: "z1", payload })).toBeNull();
    const linked = await handler.handle({ channel: "telegram", externalId: "777", payload });
    expect(linked?.message).toMatchObject({ kind: "text", text: expect.stringContaining(s.displayName) as unknown });
    expect((await t.stores.staff.findStaffByTelegram("777"))?.id).toBe(s.id);
    // A redelivery from the same chat gets the same answer; another chat cannot reuse the code.
    expect((await handler.handle({ channel: "telegram", externalId: "777", payload }))?.message).toEqual(linked?.message);
    expect((await handler.handle({ channel: "telegram", externalId: "778", payload, localeHint: "en" }))?.message).toMatchObject({
      text: expect.stringContaining("already used") as unknown,
    });

    const late = await createTelegramLink(d, { staff: s });
    t.clock.advance(16 * 60_000);
    const expired = await handler.handle({ channel: "telegram", externalId: "779", payload: late.command.replace("/start ", "") });
    expect(expired?.locale).toBe("vi");
    expect(await t.stores.staff.findStaffByTelegram("779")).toBeNull();
  });
});
