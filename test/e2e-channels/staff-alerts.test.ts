// Staff pings end to end: the WHOLE app with Telegram on (fake Bot API). A counsellor links their
// Telegram from the console with a one-time code sent to the bot as `/start staff_<code>`, goes on
// duty, and a crisis request from the web chat in their province pings exactly them — handle,
// priority and console link, never the story.
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ConsoleClient } from "../console/console-client.ts";
import { startFakeTelegram, type FakeTelegramBotApi, type RecordedCall } from "../fakes/telegram-bot-api.ts";
import { TelegramTestUser } from "../fakes/telegram-test-user.ts";
import { startTestApp, type TestApp } from "../helpers/start-app.ts";
import { testPasswordHash } from "../helpers/test-password-hash.ts";
import { waitUntil } from "../helpers/wait.ts";
import { WebChatClient } from "../helpers/webchat-client.ts";

const STORY = "con toi dang bi soc thuoc, sui bot mep";
const HA_NOI = 1;
const HO_CHI_MINH = 79;
const DA_NANG = 48;
const PRIORITY = (JSON.parse(readFileSync("locales/vi/console.json", "utf8")) as { priority: Record<string, string> }).priority;

let fake: FakeTelegramBotApi;
let app: TestApp;
let nextChat = 940_000;

beforeAll(async () => {
  fake = await startFakeTelegram();
  app = await startTestApp({ env: { TELEGRAM_BOT_TOKEN: fake.token, TELEGRAM_API_ROOT: fake.apiRoot } });
  await fake.waitForCall("getUpdates");
});
afterAll(async () => {
  await app?.stop();
  await fake?.close();
});

interface Counsellor {
  client: ConsoleClient;
  chat: TelegramTestUser;
}

const sentTo = (chatId: number, predicate: (text: string) => boolean = () => true): RecordedCall[] =>
  fake.callsOf("sendMessage", (c) => c.params.chat_id === chatId && c.status === 200 && predicate(String(c.params.text)));

async function counsellor(provinceCodes: number[], options: { onDuty: boolean }): Promise<Counsellor> {
  const stores = app.stores;
  const n = nextChat++;
  const staff = await stores.staff.createStaff({
    email: `c${n}@example.org`,
    displayName: `Counsellor ${n}`,
    role: "counsellor",
    passwordHash: await testPasswordHash("correct horse battery"),
    provinceCodes,
  });
  const client = new ConsoleClient(app.url);
  expect((await client.login(staff.email, "correct horse battery")).location).toBe("/console");

  expect((await client.get("/console/me")).html).toContain("chưa được liên kết");
  const offer = await client.post("/console/me/telegram/link");
  const code = /https:\/\/t\.me\/fake_test_bot\?start=staff_([\w-]{22})/.exec(offer.html)?.[1];
  expect(code, "the page offers a t.me deep link").toBeDefined();
  expect(offer.html).toContain(`/start staff_${code}`);

  const chat = new TelegramTestUser(fake, n, () => app.engine.drain(), { language_code: "vi" });
  const replies = await chat.say(`/start staff_${code}`);
  expect(replies.map((r) => r.text).join("\n")).toContain(`Counsellor ${n}`);
  if (options.onDuty) expect((await client.post("/console/me/duty", { onDuty: "1" })).location).toBe("/console/me?ok=onDuty");
  return { client, chat };
}

const handleIn = (replies: string[]): string => {
  const handle = /#([A-Z2-9]{4})/.exec(replies.join("\n"))?.[1];
  if (!handle) throw new Error(`no handle in ${JSON.stringify(replies)}`);
  return handle;
};

/** A web chat person in the intake, up to the story question, in `province`. */
async function intakeUpToStory(province: number): Promise<WebChatClient> {
  const c = new WebChatClient(app.url);
  await c.open();
  await c.start();
  await c.tap("vi");
  await c.tap("intake");
  for (const id of ["child", "drug_use", "now", `p${province}`, "skip"]) await c.tap(id);
  return c;
}

async function crisisFromWebChat(province: number): Promise<string> {
  const c = await intakeUpToStory(province);
  return handleIn(await c.repliesTo(() => c.say(STORY)));
}

/** Waits until pg-boss has finished the job (workers poll every 0.5 s in tests). */
async function waitForJob(id: string): Promise<void> {
  const finished = async () => {
    const rows = await app.db.prisma.$queryRawUnsafe<Array<{ state: string }>>(`SELECT state::text AS state FROM pgboss.job WHERE id = $1::uuid`, id);
    return rows[0] !== undefined && ["completed", "failed", "cancelled"].includes(rows[0].state);
  };
  await waitUntil(finished, { intervalMs: 100, what: `job ${id} to finish` });
}

describe("staff pings through Telegram", () => {
  it("links, pings the on-duty counsellor of the area once, and never someone else", async () => {
    const onDuty = await counsellor([HA_NOI], { onDuty: true });
    const otherArea = await counsellor([HO_CHI_MINH], { onDuty: true });
    const offDuty = await counsellor([HA_NOI], { onDuty: false });
    // The staff start payloads never became people (nor conversations, nor messages).
    expect(await app.db.prisma.person.count({ where: { channel: "telegram" } })).toBe(0);
    expect(await app.db.prisma.message.count({ where: { channel: "telegram" } })).toBe(0);

    const handle = await crisisFromWebChat(HA_NOI);
    const link = `http://localhost:${app.port}/console/cases/${handle}`;
    const ping = await fake.waitForCall(
      "sendMessage",
      (c) => c.params.chat_id === onDuty.chat.chatId && c.status === 200 && String(c.params.text).includes(handle),
    );
    const text = String(ping.params.text);
    expect(text).toContain(link);
    expect(text).toContain(PRIORITY.crisis);
    expect(text).not.toMatch(/soc thuoc|sui bot|ma túy|drug/i);

    const kase = await app.db.prisma.case.findUniqueOrThrow({ where: { handle } });
    expect(kase.priority).toBe(0);
    // A retry of the job (same case, same priority) sends nothing twice.
    const retry = await app.jobs.send("notify-urgent-case", { caseId: kase.id, priority: 0 });
    await waitForJob(retry!);
    expect(sentTo(onDuty.chat.chatId, (t) => t.includes(handle))).toHaveLength(1);
    expect(sentTo(otherArea.chat.chatId, (t) => t.includes(handle))).toHaveLength(0);
    expect(sentTo(offDuty.chat.chatId, (t) => t.includes(handle))).toHaveLength(0);
    expect(await app.db.prisma.staffAlert.count({ where: { caseId: kase.id } })).toBe(1);
  });

  it("pings a high request, then again when a danger message raises it to crisis", async () => {
    const c = await counsellor([DA_NANG], { onDuty: true });
    const person = await intakeUpToStory(DA_NANG);
    const handle = handleIn(await person.repliesTo(() => person.tap("send"))); // urgency "now" → high
    await fake.waitForCall("sendMessage", (m) => m.params.chat_id === c.chat.chatId && m.status === 200 && String(m.params.text).includes(PRIORITY.high!));
    await person.say("nó nói muốn tự tử");
    await fake.waitForCall("sendMessage", (m) => m.params.chat_id === c.chat.chatId && m.status === 200 && String(m.params.text).includes(PRIORITY.crisis!));
    expect(sentTo(c.chat.chatId, (t) => t.includes(handle))).toHaveLength(2);
    expect(sentTo(c.chat.chatId, (t) => /tự tử|tu tu/i.test(t))).toHaveLength(0);
  });

  it("unlinks from the console; an unlinked counsellor gets nothing", async () => {
    const c = await counsellor([HA_NOI], { onDuty: true });
    await c.client.get("/console/me");
    expect((await c.client.post("/console/me/telegram/unlink")).location).toBe("/console/me?ok=unlinked");
    expect((await c.client.get("/console/me")).html).toContain("chưa được liên kết");
    const handle = await crisisFromWebChat(HA_NOI);
    const kase = await app.db.prisma.case.findUniqueOrThrow({ where: { handle } });
    await waitForJob((await app.jobs.send("notify-urgent-case", { caseId: kase.id, priority: 0 }))!);
    expect(sentTo(c.chat.chatId, (t) => t.includes(handle))).toHaveLength(0);
  });

  it("stores the chat id sealed, and a used or wrong code links nothing and creates no person", async () => {
    const before = await app.db.prisma.person.count();
    const c = await counsellor([HA_NOI], { onDuty: false });
    const row = await app.db.prisma.staff.findFirstOrThrow({ where: { telegramChatEnc: { not: null } }, orderBy: { telegramLinkedAt: "desc" } });
    expect(row.telegramChatEnc).not.toContain(String(c.chat.chatId));

    const stranger = new TelegramTestUser(fake, nextChat++, () => app.engine.drain(), { language_code: "en" });
    const replies = await stranger.say("/start staff_AAAAAAAAAAAAAAAAAAAAAA");
    expect(replies.map((r) => r.text).join("\n")).toContain("wrong, already used or expired");
    expect(await app.db.prisma.person.count()).toBe(before);
    // An ordinary /start still starts the conversation for a family member.
    await stranger.say("/start");
    expect(await app.db.prisma.person.count()).toBe(before + 1);
  });
});
