// Nobody left waiting: the WHOLE app (web chat person, staff pinged through the fake Telegram Bot API)
// with a test clock. The escalation job is queued by hand after each move of the clock (its cron also
// runs every real minute; every step is idempotent, so either may do the work and the effects are the
// same): pings at the claim target (5 min) and the second ping (15 min), only to the area's counsellors
// and supervisors (admins when none is on duty), the person's waiting notice at 10 min, once; nothing
// for a case that was claimed, answered or closed.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakeTelegram, type FakeTelegramBotApi } from "../fakes/telegram-bot-api.ts";
import { TestClock } from "../console/harness.ts";
import { startTestApp, type TestApp } from "../helpers/start-app.ts";
import { testPasswordHash } from "../helpers/test-password-hash.ts";
import { waitUntil } from "../helpers/wait.ts";
import { WebChatClient } from "../helpers/webchat-client.ts";

const MIN = 60_000;
const CRISIS = "ban e vua uong ca vi thuoc ngu, goi ko tinh";

let fake: FakeTelegramBotApi;
let app: TestApp;
const clock = new TestClock();
let nextChat = 960_000;

beforeAll(async () => {
  fake = await startFakeTelegram();
  app = await startTestApp({ env: { TELEGRAM_BOT_TOKEN: fake.token, TELEGRAM_API_ROOT: fake.apiRoot }, clock });
  await fake.waitForCall("getUpdates");
});
afterAll(async () => {
  await app?.stop();
  await fake?.close();
});

async function onDutyStaff(role: "admin" | "supervisor" | "counsellor", provinceCodes: number[]): Promise<{ id: string; chatId: number }> {
  const n = nextChat++;
  const s = await app.stores.staff.createStaff({
    email: `e${n}@example.org`,
    displayName: `Staff ${n}`,
    role,
    passwordHash: await testPasswordHash("correct horse battery"),
    provinceCodes,
  });
  await app.stores.staff.updateStaff(s.id, { onDuty: true });
  await app.stores.staff.linkTelegram(s.id, String(n), clock.now());
  return { id: s.id, chatId: n };
}

const textsTo = (chatId: number, handle: string): string[] =>
  fake
    .callsOf("sendMessage", (c) => c.params.chat_id === chatId && c.status === 200 && String(c.params.text).includes(`#${handle}`))
    .map((c) => String(c.params.text));

/** Queues one escalation run and waits for pg-boss to finish it. */
async function escalate(): Promise<void> {
  const id = await app.jobs.send("escalate-crisis-cases", { limit: 100 });
  await waitUntil(
    async () => {
      const rows = await app.db.prisma.$queryRawUnsafe<Array<{ state: string }>>(`SELECT state::text AS state FROM pgboss.job WHERE id = $1::uuid`, id);
      return rows[0]?.state === "completed";
    },
    { intervalMs: 100, what: "the escalation job to complete" },
  );
}

async function crisisPerson(): Promise<{ chat: WebChatClient; handle: string; caseId: string }> {
  const chat = new WebChatClient(app.url);
  await chat.open();
  await chat.start();
  await chat.tap("vi");
  const replies = await chat.repliesTo(() => chat.say(CRISIS));
  const handle = /#([A-Z2-9]{4})/.exec(replies.join("\n"))?.[1];
  if (!handle) throw new Error(`no handle in ${JSON.stringify(replies)}`);
  const kase = await app.db.prisma.case.findUniqueOrThrow({ where: { handle } });
  expect(kase.priority).toBe(0);
  return { chat, handle, caseId: kase.id };
}

const waitNotices = async (chat: WebChatClient): Promise<number> => (await chat.botMessages()).filter((m) => m.text.includes("tư vấn viên sẽ sớm nhắn")).length;

describe("crisis escalation (test clock)", () => {
  it("pings the area's staff again at 5 and 15 minutes, tells the person at 10, each once", async () => {
    const counsellor = await onDutyStaff("counsellor", [79]); // sees cases with no area
    const admin = await onDutyStaff("admin", []);
    const { chat, handle } = await crisisPerson();
    // The first ping (the existing urgent-case job) reaches both.
    await fake.waitForCall("sendMessage", (c) => c.params.chat_id === counsellor.chatId && String(c.params.text).includes(`#${handle}`));
    await fake.waitForCall("sendMessage", (c) => c.params.chat_id === admin.chatId && String(c.params.text).includes(`#${handle}`));

    clock.advance(4 * MIN);
    await escalate();
    expect(textsTo(counsellor.chatId, handle)).toHaveLength(1);

    clock.advance(1 * MIN); // 5 minutes, nobody claimed it
    await escalate();
    await escalate(); // a second run repeats nothing
    expect(textsTo(counsellor.chatId, handle)).toHaveLength(2);
    expect(textsTo(counsellor.chatId, handle)[1]).toContain("Vẫn đang chờ");
    expect(textsTo(admin.chatId, handle), "escalations go to the area's staff, not the admins, when there are some").toHaveLength(1);
    expect(await waitNotices(chat)).toBe(0);

    clock.advance(5 * MIN); // 10 minutes: nobody has written to the person
    await escalate();
    await escalate();
    expect(await waitNotices(chat)).toBe(1);
    const notice = (await chat.botMessages()).find((m) => m.text.includes("tư vấn viên sẽ sớm nhắn"))!;
    expect(notice.text).toMatch(/115/);
    expect(notice.text).toMatch(/113/);

    clock.advance(5 * MIN); // 15 minutes
    await escalate();
    await escalate();
    expect(textsTo(counsellor.chatId, handle)).toHaveLength(3);
    clock.advance(30 * MIN);
    await escalate();
    expect(textsTo(counsellor.chatId, handle)).toHaveLength(3);
    expect(await waitNotices(chat)).toBe(1);
    await app.stores.staff.updateStaff(counsellor.id, { onDuty: false });
    await app.stores.staff.updateStaff(admin.id, { onDuty: false });
  });

  it("falls back to the admins when no counsellor or supervisor of the area is on duty", async () => {
    const admin = await onDutyStaff("admin", []);
    const { handle } = await crisisPerson();
    await fake.waitForCall("sendMessage", (c) => c.params.chat_id === admin.chatId && String(c.params.text).includes(`#${handle}`));
    clock.advance(5 * MIN);
    await escalate();
    expect(textsTo(admin.chatId, handle)).toHaveLength(2);
    await app.stores.staff.updateStaff(admin.id, { onDuty: false });
  });

  it("skips a case that was claimed, answered or closed meanwhile", async () => {
    const counsellor = await onDutyStaff("counsellor", [79]);
    const claimed = await crisisPerson();
    const answered = await crisisPerson();
    const closed = await crisisPerson();
    for (const p of [claimed, answered, closed]) {
      await fake.waitForCall("sendMessage", (c) => c.params.chat_id === counsellor.chatId && String(c.params.text).includes(`#${p.handle}`));
    }
    await app.stores.cases.claimCase(claimed.caseId, counsellor.id, clock.now());
    const person = await app.db.prisma.case.findUniqueOrThrow({ where: { id: answered.caseId }, select: { personId: true } });
    const reply = await app.stores.messages.recordOutbound({
      personId: person.personId,
      channel: "webchat",
      author: "counsellor",
      body: { kind: "text", text: "Chào bạn, mình đây." },
      caseId: answered.caseId,
    });
    // Rows take the database's time and the test clock runs ahead of it: date the reply on the test clock.
    await app.db.prisma.message.update({ where: { id: reply.id }, data: { createdAt: clock.now() } });
    await app.stores.cases.closeCase(closed.caseId, "answered", clock.now());

    clock.advance(20 * MIN);
    await escalate();
    for (const p of [claimed, answered, closed]) expect(textsTo(counsellor.chatId, p.handle), p.handle).toHaveLength(1);
    expect(await waitNotices(answered.chat)).toBe(0);
    expect(await waitNotices(closed.chat)).toBe(0);
    // Claimed is not answered: the person still hears that a counsellor will write soon.
    expect(await waitNotices(claimed.chat)).toBe(1);
  });
});

describe("cancel words and an open crisis", () => {
  it("never read as cancelling it: the case stays open at crisis priority and the person is told so", async () => {
    const { chat, caseId, handle } = await crisisPerson();
    for (const word of ["hủy", "huy", "/cancel", "dừng lại"]) {
      const replies = await chat.repliesTo(() => chat.say(word));
      expect(replies.join("\n"), word).toContain(`#${handle} của bạn vẫn được giữ`);
    }
    // Starting a new request and stopping it says the crisis request still stands.
    await chat.tap("intake");
    const menu = await chat.lastMenu();
    const replies = await chat.repliesTo(() => chat.tap(menu.options.find((o) => o.id === "cancel")!.id));
    expect(replies.join("\n")).toContain(`#${handle} của bạn vẫn được giữ`);
    const kase = await app.db.prisma.case.findUniqueOrThrow({ where: { id: caseId } });
    expect(kase).toMatchObject({ status: "open", priority: 0 });
  });
});
