// The Channel contract: ONE list of cases that every channel adapter passes, each run through the WHOLE
// app (startTestApp) with the real adapter code — grammY and axios against the fake Bot API servers on
// loopback, the web chat over HTTP. A driver per adapter (./*-driver.ts) starts its app once for all
// cases and knows how a person of that channel types, taps and reads. What only one channel does
// (Telegram's command menu and webhook secret, Zalo's probe, the web chat's SSE) stays in its own file.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkInFlow, CHECK_IN_FLOW } from "../../helpers/check-in-flow.ts";
import { signedInCounsellor } from "./counsellor.ts";
import type { TestApp } from "../../helpers/start-app.ts";
import { handleOf, joined, type ChannelDriver, type ContractPerson, type Reply } from "./driver.ts";
import { casesOf, inboundCount, personIdOf, requirePersonId, rowsLeft } from "./store-lookups.ts";
import { telegramDriver } from "./telegram-driver.ts";
import { webchatDriver } from "./webchat-driver.ts";
import { zaloDriver } from "./zalo-driver.ts";

// Every app also runs a test-only flow the bot starts itself (a follow-up question), to check bot-initiated turns.
const withCheckIn = { extraFlows: [checkInFlow] };
const drivers: ChannelDriver[] = [
  webchatDriver(withCheckIn),
  telegramDriver("webhook", withCheckIn),
  telegramDriver("polling", withCheckIn),
  zaloDriver("webhook", withCheckIn),
  zaloDriver("polling", withCheckIn),
];

const MENU_VI = "Mình có thể giúp gì cho bạn?";
const MENU_EN = "How can I help you?";
const MAIN_OPTIONS_VI = [
  "Tìm hiểu về phòng ngừa",
  "Gửi yêu cầu tư vấn ẩn danh",
  "Tìm nơi hỗ trợ gần bạn",
  "Xem yêu cầu của tôi",
  "Số điện thoại khẩn cấp",
  "Câu lạc bộ của tôi",
  "Đổi ngôn ngữ / Language",
  "Xóa dữ liệu của tôi",
  "Hướng dẫn sử dụng",
  "Nhận mẹo phòng ngừa hằng tuần",
];
/** A listing and an accepted referral of this person to it, made through the stores (the chat path is tested in referral-chat). */
async function acceptedReferral(app: TestApp, personId: string): Promise<string> {
  const service = await app.stores.directory.saveService({
    code: `CT-${personId.slice(0, 8)}`,
    organization: { name: "Contract org", website: null, email: null },
    name: "Nhóm Đồng hành",
    kind: "self_help_group",
    descriptionVi: "",
    descriptionEn: "",
    eligibility: "",
    minAge: null,
    maxAge: null,
    cost: "free",
    costNote: "",
    languages: ["vi"],
    confidential: false,
    status: "active",
    takingReferrals: true,
    schedule: "",
    phone: "",
    zalo: "",
    followUpDays: null,
    lastConfirmedAt: new Date(),
    isSample: false,
    locations: [],
    areas: [{ scope: "national", provinceCode: null, wardCode: null }],
  });
  const now = new Date();
  const r = await app.stores.referrals.createReferral({
    ...{ personId, caseId: null, serviceId: service.id, status: "accepted", origin: "chat", provinceCode: null, note: null },
    ...{ acceptedAt: now, nextFollowUpAt: null, actor: { kind: "person", id: null }, now },
  });
  return r.id;
}

const ONLY_TEXT = "chỉ đọc được tin nhắn chữ";

describe.each(drivers)("Channel contract: $name", (driver) => {
  beforeAll(() => driver.start());
  afterAll(() => driver.stop());

  /** A person who has been welcomed and picked Vietnamese: the main menu is on screen. */
  async function onMenu(): Promise<ContractPerson> {
    const person = await driver.newPerson();
    await person.begin();
    await person.choose("Tiếng Việt");
    return person;
  }

  it("welcomes a new person with the privacy promise and a language choice, then shows the main menu", async () => {
    const person = await driver.newPerson();
    const welcome = await person.begin();
    expect(joined(welcome)).toContain("không cần cho biết tên");
    expect(welcome.at(-1)?.options).toEqual(["Tiếng Việt", "English"]);
    const menu = await person.choose("Tiếng Việt");
    expect(menu.at(-1)).toEqual({ text: MENU_VI, options: MAIN_OPTIONS_VI });
  });

  it("answers options by button (on Zalo: the option's number)", async () => {
    const person = await onMenu();
    const subject = await person.choose("Gửi yêu cầu tư vấn ẩn danh");
    expect(subject.at(-1)?.text).toBe("Ai đang cần giúp đỡ?");
    expect((await person.choose("Con tôi")).at(-1)?.text).toBe("Bạn đang lo lắng về điều gì nhất?");
  });

  it("answers options by number", async () => {
    const person = await driver.newPerson();
    await person.begin();
    expect((await person.say("2")).at(-1)?.text).toBe(MENU_EN); // English
    expect(joined(await person.say("5"))).toContain("113"); // emergency numbers
  });

  it("answers options by number word, in Vietnamese and in English", async () => {
    const person = await driver.newPerson();
    await person.begin();
    expect((await person.say("hai")).at(-1)?.text).toBe(MENU_EN); // 2 = English
    expect((await person.say("two")).at(-1)?.text).toBe("Who needs help?"); // 2 = ask for help
  });

  it("answers options by their words typed without diacritics", async () => {
    const person = await driver.newPerson();
    await person.begin();
    expect((await person.say("tieng viet")).at(-1)?.text).toBe(MENU_VI);
    expect((await person.say("gui yeu cau tu van an danh")).at(-1)?.text).toBe("Ai đang cần giúp đỡ?");
    expect((await person.say("vo hoac chong toi")).at(-1)?.text).toBe("Bạn đang lo lắng về điều gì nhất?");
  });

  it("takes a person through intake to a case handle, stores the case, and files later messages under it", async () => {
    const person = await onMenu();
    for (const label of ["Gửi yêu cầu tư vấn ẩn danh", "Con tôi", "Tái nghiện sau cai", "Cần giúp trong vài ngày tới"]) await person.choose(label);
    expect(joined(await person.say("nghe an"))).toContain("Tỉnh Nghệ An");
    await person.say("Vinh Phu"); // Phường Vinh Phú
    expect((await person.lastMenu()).text).toContain("kể ngắn gọn");
    await person.say("Con trai tôi đi cai về được 6 tháng thì lại chơi với nhóm bạn cũ.");
    const handle = handleOf(await person.choose("Gửi yêu cầu"));

    const [stored] = await casesOf(driver.app, await requirePersonId(driver.app, person));
    expect(stored).toMatchObject({
      handle,
      subject: "child",
      concern: "relapse",
      urgency: "week",
      provinceCode: 40,
      priority: 2,
      status: "open",
      channel: person.channel,
    });
    expect(stored!.wardCode).not.toBeNull();
    const story = await driver.app.db.prisma.message.findMany({ where: { caseId: stored!.id, direction: "inbound" } });
    expect(story).toHaveLength(1);
    expect(story[0]!.bodyEnc).not.toContain("nhóm bạn"); // sealed at rest

    const requests = joined(await person.say("yeu cau cua toi"));
    expect(requests).toContain(`#${handle}`);
    expect(requests).toContain("Tái nghiện sau cai");
    const added = await person.say("Hôm nay cháu không về nhà.");
    expect(added[0]?.text).toContain(`#${handle}`);
    expect(await inboundCount(driver.app, { caseId: stored!.id })).toBe(2);
  });

  it("answers a crisis, even as the first message, with emergency numbers first and a priority-0 case", async () => {
    const person = await driver.newPerson();
    const replies = await person.say("con toi dang bi soc thuoc, sui bot mep");
    expect(replies[0]?.text).toContain("115");
    expect(replies[0]?.text).toContain("113");
    const handle = handleOf(replies);
    const [crisis] = await casesOf(driver.app, await requirePersonId(driver.app, person));
    expect(crisis).toMatchObject({ handle, priority: 0, status: "open" });
    expect(crisis!.dangerFlags).toContain("overdose");
  });

  it.runIf(driver.buttons)("answers a tap on an old menu with a kind notice and the current menu", async () => {
    const person = await onMenu();
    const oldMenu = await person.lastMenu();
    const topics = (await person.choose("Tìm hiểu về phòng ngừa")).at(-1)!;
    const stale = await person.choose("Gửi yêu cầu tư vấn ẩn danh", oldMenu);
    expect(stale[0]?.text).toContain("Danh sách đó đã cũ rồi");
    expect(stale.at(-1)?.options).toEqual(topics.options);
  });

  it.runIf(driver.redelivers)("answers a delivery that arrives twice only once", async () => {
    const person = await onMenu();
    const first = await person.say("Tôi lo cho em gái tôi");
    expect(first.length).toBeGreaterThan(0);
    const personId = await requirePersonId(driver.app, person);
    const inbound = await inboundCount(driver.app, { personId });
    const before = (await person.replies()).length;
    await person.redeliverLast();
    // One person's events are handled in order, so the marker's answer proves the repeat was handled.
    await person.say("menu");
    const since: Reply[] = (await person.replies()).slice(before);
    expect(since.map((r) => r.text)).toEqual([MENU_VI]);
    expect(await inboundCount(driver.app, { personId })).toBe(inbound + 1); // the marker only
  });

  it.runIf(driver.mediaKinds.length > 0)("answers photos, stickers, voice and other non-text messages with a text-only note", async () => {
    const person = await onMenu();
    for (const kind of driver.mediaKinds) {
      const replies = await person.sendMedia(kind);
      expect(replies[0]?.text, kind).toContain(ONLY_TEXT);
    }
  });

  it("keeps a person's data when they say no, and erases the person, messages and cases when they confirm", async () => {
    const person = await onMenu();
    await person.say("con toi bi danh dap"); // a crisis case
    const personId = await requirePersonId(driver.app, person);
    await person.say("xoa");
    expect((await person.lastMenu()).options).toEqual(["Có, xóa hết", "Không, giữ lại"]);
    expect(joined(await person.choose("Không, giữ lại"))).toContain("giữ nguyên");
    expect(await rowsLeft(driver.app, personId)).toMatchObject({ people: 1, cases: 1 });

    await person.say("/delete");
    expect(joined(await person.choose("Có, xóa hết"))).toContain("Đã xóa toàn bộ");
    expect(await personIdOf(driver.app, person)).toBeUndefined();
    expect(await rowsLeft(driver.app, personId)).toEqual({ people: 0, messages: 0, cases: 0 });
  });

  it("a question the bot starts itself is answered by a tap (on Zalo: its number), and again by typing its number", async () => {
    const person = await onMenu();
    const personId = await requirePersonId(driver.app, person);
    expect(await driver.app.engine.startTurn({ personId, flow: CHECK_IN_FLOW })).toEqual({ status: "ran", sent: 1 });
    expect(await person.lastMenu()).toEqual({ text: "Did you go to the group?", options: ["Yes, I went", "Not yet", "Stop asking"] });
    expect(joined(await person.choose("Not yet"))).toContain("check-in answer: not_yet");
    await driver.app.engine.startTurn({ personId, flow: CHECK_IN_FLOW });
    const typed = await person.say("1");
    expect(joined(typed)).toContain("check-in answer: went");
    expect(joined(typed)).not.toContain("cũ rồi"); // not treated as a stale menu
  });

  it("tells the person when a counsellor takes their request, and marks the counsellor's reply as the counsellor's", async () => {
    const person = await onMenu();
    const handle = handleOf(await person.say("con toi bi danh dap"));
    const desk = await signedInCounsellor(driver.app);
    await desk.get(`/console/cases/${handle}`);
    expect((await desk.post(`/console/cases/${handle}/claim`)).location).toBe(`/console/cases/${handle}?ok=claimed`);
    expect((await person.replies()).at(-1)?.text).toBe(`Một tư vấn viên đang đọc yêu cầu #${handle} của bạn và sẽ trả lời bạn ngay tại đây.`);
    await desk.get(`/console/cases/${handle}`);
    expect((await desk.post(`/console/cases/${handle}/reply`, { text: "Chào chị, em đang ở đây." })).location).toBe(`/console/cases/${handle}?ok=replied`);
    expect((await person.replies()).at(-1)?.text).toBe("Tư vấn viên: Chào chị, em đang ở đây.");
  });

  it("a referral follow-up is answered by a tap (on Zalo: its number) and marks the referral as attended", async () => {
    const person = await onMenu();
    const personId = await requirePersonId(driver.app, person);
    const referralId = await acceptedReferral(driver.app, personId);
    expect(await driver.app.engine.startTurn({ personId, flow: "referral_follow_up", params: { referralId } })).toEqual({ status: "ran", sent: 1 });
    expect(await person.lastMenu()).toEqual({
      text: "Vài ngày trước bạn đã chọn Nhóm Đồng hành. Bạn đã liên hệ được chưa?",
      options: ["Rồi, tôi đã đến", "Chưa", "Không được", "Đừng hỏi nữa"],
    });
    expect(joined(await person.choose("Rồi, tôi đã đến"))).toContain("Cảm ơn bạn đã cho mình biết");
    expect((await driver.app.stores.referrals.getReferral(referralId))?.status).toBe("attended");
  });

  it("shorthand crisis messages get the emergency numbers and a priority-0 case", async () => {
    const person = await onMenu();
    const replies = await person.say("e oi cuu voi, ck e dang danh con e 5t, no cam dao");
    expect(joined(replies)).toContain("113");
    const cases = await casesOf(driver.app, await requirePersonId(driver.app, person));
    expect(cases.map((c) => c.priority)).toEqual([0]);
  });

  it("the crisis reply carries the first steps for the kind, numbered, in one message", async () => {
    const person = await onMenu();
    const overdose = await person.say("ban e hit keo xong nam im, goi ko tinh");
    expect(overdose[0]?.text).toContain("• 115 — Cấp cứu");
    expect(overdose[0]?.text).toContain("1. Gọi ngay 115");
    expect(overdose[0]?.text).toContain("nằm nghiêng (tư thế hồi phục)");
    expect(overdose[0]?.text).toContain("3. ");
  });

  // Last: looks at everything the cases above made the app log.
  it("never logs what people wrote, their channel ids or the bot token", () => {
    const logs = driver.logText();
    expect(logs).toContain("turn handled"); // the capture works
    for (const secret of driver.secrets()) expect(logs, "a secret value in the logs").not.toContain(secret);
  });
});
