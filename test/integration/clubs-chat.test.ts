// Clubs in the chat, through the whole app: joining by a typed code (web chat: spaces and lower case
// are fine, a wrong code is "not found", joining twice is a no-op) and by a Telegram deep link (fake
// Bot API); meeting notices in the bulk lane with RSVP buttons that still work after other messages, a
// digit answering the newest notice, the reminder job on a fake clock (only to those who did not
// decline, once), cancellation announced to those notified, a tap on a cancelled meeting, leaving.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createMeeting, cancelMeeting, type MeetingDeps } from "../../src/core/clubs/announce-meeting.ts";
import type { ClubRecord } from "../../src/core/ports.ts";
import { MEETING_REMINDERS } from "../../src/jobs/definitions/meeting-reminders.ts";
import { createTranslator } from "../../src/shared/i18n/index.ts";
import { createLogger } from "../../src/shared/logging/logger.ts";
import type { TestClock } from "../console/harness.ts";
import { startFakeTelegram, type FakeTelegramBotApi } from "../fakes/telegram-bot-api.ts";
import { TelegramTestUser } from "../fakes/telegram-test-user.ts";
import { FakeZaloBotApi } from "../fakes/zalo-bot-api.ts";
import { ZaloTestUser } from "../fakes/zalo-test-user.ts";
import { advanceToLocalHour, clockAtLocalHour } from "../helpers/referral-directory.ts";
import { startTestApp, type TestApp } from "../helpers/start-app.ts";
import { waitUntil } from "../helpers/wait.ts";
import { newId, WebChatClient } from "../helpers/webchat-client.ts";

const DAY = 86_400_000;
let app: TestApp;
let fake: FakeTelegramBotApi;
let zalo: FakeZaloBotApi;
let clock: TestClock;
let club: ClubRecord;
let deps: MeetingDeps;
let nextChat = 930_000;

beforeAll(async () => {
  clock = clockAtLocalHour(10);
  fake = await startFakeTelegram();
  zalo = await FakeZaloBotApi.start();
  const env = {
    WEBCHAT_IDLE_HOURS: "720",
    TELEGRAM_BOT_TOKEN: fake.token,
    TELEGRAM_API_ROOT: fake.apiRoot,
    ZALO_BOT_TOKEN: zalo.token,
    ZALO_API_BASE: zalo.baseUrl,
  };
  app = await startTestApp({ clock, env });
  await fake.waitForCall("getUpdates");
  await zalo.waitFor(() => zalo.heldPolls > 0, 10_000, "the app to long-poll Zalo");
  club = await app.stores.clubs.createClub({ name: "CLB Hoa Sen", kind: "family_club", provinceCode: 1, wardCode: null, joinCode: "K7Q2MX" });
  const translator = createTranslator();
  deps = { stores: app.stores, clock, logger: createLogger({ level: "silent" }), t: translator.t, enqueue: (i) => app.engine.enqueue(i) };
});
afterAll(async () => {
  await app?.stop();
  await fake?.close();
  await zalo?.close();
});

async function webPerson(): Promise<{ c: WebChatClient; personId: string }> {
  const c = new WebChatClient(app.url);
  await c.open();
  await c.start();
  await c.tap("vi");
  return { c, personId: (await app.stores.people.findPerson("webchat", c.sessionId))!.id };
}

const telegramUser = () => new TelegramTestUser(fake, nextChat++, () => app.engine.drain(), { language_code: "vi" });

/** Runs the reminder job now and waits until it finished. */
async function runReminders(): Promise<void> {
  const id = await app.jobs.send(MEETING_REMINDERS, { limit: 100 });
  await waitUntil(
    async () => {
      const rows = await app.db.prisma.$queryRawUnsafe<Array<{ state: string }>>(`SELECT state FROM pgboss.job WHERE id = $1::uuid`, id);
      return rows[0]?.state === "completed";
    },
    { what: "the reminder job", intervalMs: 100 },
  );
}

/** The web chat's bot messages whose text contains `needle`, once they were sent. */
async function webMessages(c: WebChatClient, needle: string, count = 1) {
  return waitUntil(
    async () => {
      const found = (await c.botMessages()).filter((m) => m.text.includes(needle));
      return found.length >= count ? found : null;
    },
    { what: `web chat message "${needle}"`, intervalMs: 100 },
  );
}

describe("joining", () => {
  it("joins by a typed code with spaces and lower case, after a kind 'not found'; twice is a no-op", async () => {
    const { c, personId } = await webPerson();
    expect((await c.repliesTo(() => c.say("tham gia clb"))).at(-1)).toMatch(/mã câu lạc bộ/);
    expect((await c.repliesTo(() => c.say("K7Q2MO"))).at(-1)).toMatch(/Không tìm thấy/);
    expect((await c.repliesTo(() => c.say("k7q 2mx"))).at(-1)).toMatch(/Bạn sắp tham gia CLB Hoa Sen/);
    expect((await c.repliesTo(() => c.tap("agree"))).at(-1)).toMatch(/gọi bạn là gì/);
    const joined = await c.repliesTo(() => c.say("Cô Hoa"));
    expect(joined[0]).toMatch(/Chào mừng Cô Hoa/);
    expect(await app.stores.clubs.listMembers(club.id)).toEqual(expect.arrayContaining([expect.objectContaining({ personId, displayName: "Cô Hoa" })]));
    await c.say("/clb");
    await c.tap("join");
    expect((await c.repliesTo(() => c.say("K7Q2MX")))[0]).toMatch(/đã là thành viên/);
  });

  it("joins from a Telegram deep link; declining consent joins nothing", async () => {
    const no = telegramUser();
    await no.say("/start club_K7Q2MX");
    expect(no.lastMenu().options).toEqual(["agree", "decline"]);
    await no.tap("decline");
    const yes = telegramUser();
    expect((await yes.say("/start club_K7Q2MX")).at(-1)?.text).toMatch(/CLB Hoa Sen/);
    await yes.tap("agree");
    expect((await yes.say("Anh Ba")).map((r) => r.text).join("\n")).toMatch(/Chào mừng Anh Ba/);
    expect((await app.stores.clubs.listMembers(club.id)).map((m) => m.displayName)).toContain("Anh Ba");
    expect((await app.stores.clubs.listMembers(club.id)).length).toBe(2);
  });
});

describe("meetings", () => {
  it("notices with RSVP buttons, answers after other messages and by digit, a reminder only for those who did not decline, cancellation", async () => {
    const web = await webPerson();
    await web.c.say("tham gia clb");
    await web.c.say("K7Q2MX");
    await web.c.tap("agree");
    await web.c.say("Bác Tư");
    const tg = telegramUser();
    await tg.say("/start club_K7Q2MX");
    await tg.tap("agree");
    await tg.say("Chị Năm");

    const startsAt = new Date(clock.now().getTime() + 3 * DAY);
    const { meeting } = await createMeeting(deps, {
      clubId: club.id,
      startsAt,
      place: "Nhà văn hóa thôn",
      agendaVi: "Phòng chống ma túy",
      agendaEn: "Drug prevention",
      createdById: null,
    });
    const [notice] = await webMessages(web.c, "Nhà văn hóa thôn");
    expect(notice).toMatchObject({ kind: "options", menuSeq: 0 });
    expect(notice!.text).toContain("Phòng chống ma túy");
    const tgNotice = await waitUntil(() => tg.replies().find((r) => r.text.includes("Nhà văn hóa thôn")), { what: "the Telegram notice" });
    expect(tgNotice.options).toEqual([`m.y.${meeting.id}`, `m.n.${meeting.id}`, `m.m.${meeting.id}`]);

    // Other messages first (the main menu is on screen now), then the notice's button still answers.
    await web.c.say("menu");
    const yes = notice!.kind === "options" ? notice!.options[0]! : null;
    const saved = await web.c.repliesTo(() => web.c.post({ clientId: newId(), choice: { optionId: yes!.id, menuSeq: 0 } }));
    expect(saved.at(-1)).toMatch(/bạn sẽ đến/);
    await tg.say("/menu");
    const tgNo = await tg.act(() => fake.injectCallback(tg.chatId, `c:0:m.n.${meeting.id}`, tg.from));
    expect(tgNo.at(-1)?.text).toMatch(/không đến được/);
    expect((await app.stores.clubs.listRsvps(meeting.id)).map((r) => [r.displayName, r.answer])).toEqual(
      expect.arrayContaining([
        ["Bác Tư", "yes"],
        ["Chị Năm", "no"],
      ]),
    );

    // The reminder: the day before, only to the member who did not decline, once.
    advanceToLocalHour(clock, 2, 11);
    await runReminders();
    await runReminders();
    const reminders = await webMessages(web.c, "Nhắc lịch");
    expect(reminders).toHaveLength(1);
    await app.engine.drain();
    expect(tg.replies().filter((r) => r.text.includes("Nhắc lịch"))).toEqual([]);

    // A digit right after the numbered reminder answers it ("3": maybe); after another turn digits are the menu's again.
    expect((await web.c.repliesTo(() => web.c.say("3"))).at(-1)).toMatch(/có thể đến/);
    expect((await app.stores.clubs.listRsvps(meeting.id)).find((r) => r.displayName === "Bác Tư")?.answer).toBe("maybe");

    // Cancelled: both were notified; a later tap says so kindly.
    await cancelMeeting(deps, (await app.stores.clubs.getMeeting(meeting.id))!);
    await webMessages(web.c, "đã bị hủy");
    await waitUntil(() => tg.replies().find((r) => r.text.includes("đã bị hủy")), { what: "the Telegram cancellation" });
    const late = await tg.act(() => fake.injectCallback(tg.chatId, `c:0:m.y.${meeting.id}`, tg.from));
    expect(late.at(-1)?.text).toMatch(/đã bị hủy, bạn không cần trả lời/);
  });
});

describe("on Zalo", () => {
  it("joins by typing the code, gets the notice as numbered text and answers by its number", async () => {
    const u = new ZaloTestUser(zalo, { settle: () => app.engine.drain() });
    await u.say("xin chao");
    await u.say("1"); // Tiếng Việt
    await u.say("tham gia clb");
    await u.say("k7q2mx");
    await u.say("1"); // Đồng ý, tham gia
    expect((await u.say("Ông Sáu")).join("\n")).toMatch(/Chào mừng Ông Sáu/);
    const personId = (await app.db.prisma.clubMember.findMany({ where: { clubId: club.id }, orderBy: { joinedAt: "desc" }, take: 1 }))[0]!.personId;
    const startsAt = new Date(clock.now().getTime() + 5 * DAY);
    const { meeting } = await createMeeting(deps, { clubId: club.id, startsAt, place: "Sân đình", agendaVi: "", agendaEn: "", createdById: null });
    const notice = await waitUntil(() => u.received.find((t) => t.includes("Sân đình")), { what: "the Zalo notice" });
    expect(notice).toMatch(/1\. Tôi sẽ đến\n2\. Không đến được\n3\. Có thể/);
    expect((await u.say("2")).at(-1)).toMatch(/không đến được/);
    expect((await app.stores.clubs.listRsvps(meeting.id)).find((r) => r.personId === personId)?.answer).toBe("no");
    await cancelMeeting(deps, meeting);
  });
  it("a member who joins after the notice went out gets it on joining, answers by its number, and hears of a cancellation", async () => {
    const startsAt = new Date(clock.now().getTime() + 4 * DAY);
    const { meeting } = await createMeeting(deps, { clubId: club.id, startsAt, place: "Nhà bà Tư", agendaVi: "", agendaEn: "", createdById: null });
    const u = new ZaloTestUser(zalo, { settle: () => app.engine.drain() });
    await u.say("xin chao");
    await u.say("1"); // Tiếng Việt
    await u.say("tham gia clb");
    await u.say("K7Q2MX");
    await u.say("1"); // Đồng ý, tham gia
    const joined = (await u.say("Chị Năm")).join("\n");
    expect(joined).toMatch(/Chào mừng Chị Năm/);
    expect(joined).toMatch(/Nhà bà Tư[\s\S]*1\. Tôi sẽ đến\n2\. Không đến được\n3\. Có thể\n4\./);
    expect((await u.say("1")).at(-1)).toMatch(/sẽ đến/);
    const member = (await app.db.prisma.clubMember.findMany({ where: { clubId: club.id }, orderBy: { joinedAt: "desc" }, take: 1 }))[0]!;
    expect((await app.stores.clubs.listRsvps(meeting.id)).find((r) => r.personId === member.personId)?.answer).toBe("yes");
    expect((await app.stores.clubs.notified(meeting.id)).map((r) => r.personId)).toContain(member.personId);
    await cancelMeeting(deps, meeting);
    await waitUntil(() => u.received.find((t) => t.includes("Nhà bà Tư") && /hủy|huỷ/i.test(t)), { what: "the cancellation on Zalo" });
  });
});

describe("follow-up", () => {
  it("a member turns the check-in after missed meetings on and off themselves, from My clubs", async () => {
    const { c, personId } = await webPerson();
    await c.say("tham gia clb");
    await c.say("K7Q2MX");
    await c.tap("agree");
    await c.say("Bé Ba");
    const followUp = async () => (await app.stores.clubs.listMembers(club.id)).find((m) => m.personId === personId)?.followUp;
    expect(await followUp()).toBe(false);
    await c.say("clb cua toi");
    expect((await c.repliesTo(() => c.tap("follow_up"))).at(-1)).toMatch(/vắng hai buổi/);
    expect((await c.lastMenu()).options.map((o) => o.label)).toEqual(["CLB Hoa Sen: đang tắt — bật lên", "Về trang chủ"]);
    expect((await c.repliesTo(() => c.tap("follow0")))[0]).toMatch(/Đã bật/);
    expect(await followUp()).toBe(true);
    await c.tap("follow_up");
    expect((await c.repliesTo(() => c.tap("follow0")))[0]).toMatch(/Đã tắt/);
    expect(await followUp()).toBe(false);
  });
});

describe("leaving", () => {
  it("leaves with 'roi clb' and sees no clubs afterwards", async () => {
    const { c, personId } = await webPerson();
    await c.say("tham gia clb");
    await c.say("K7Q2MX");
    await c.tap("agree");
    await c.say("Út");
    expect((await c.repliesTo(() => c.say("roi clb"))).at(-1)).toMatch(/rời câu lạc bộ nào/);
    expect((await c.repliesTo(() => c.tap("leave0")))[0]).toMatch(/Bạn đã rời CLB Hoa Sen/);
    expect(await app.stores.clubs.isMember(club.id, personId)).toBe(false);
    expect((await c.repliesTo(() => c.say("clb cua toi"))).at(-1)).toMatch(/chưa tham gia câu lạc bộ nào/);
  });
});
