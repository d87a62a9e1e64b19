// Broadcasts and tips, whole app against the fake Telegram Bot API enforcing Telegram-like limits (15 a
// second here to keep the test short; about 1 a second per chat; 429 + retry_after beyond): the
// fan-out job queues one bulk message per current member, a rerun and a concurrent run add nothing,
// nobody gets it twice, members who left and unreachable people never get it, a crisis message from
// someone else is answered within 2 s meanwhile; cancel stops what no sender has taken yet; tips
// follow their weekly cadence (fake clock), the quiet hours, and the chat's words to start and stop.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cancelBroadcast, composeBroadcast, startBroadcast } from "../../src/core/broadcasts/broadcasts.ts";
import { runFanOuts } from "../../src/core/broadcasts/run-fan-outs.ts";
import { isoWeek, sendDueTips } from "../../src/core/broadcasts/tips.ts";
import type { Clock, StaffRecord } from "../../src/core/ports.ts";
import { BROADCAST_FAN_OUT } from "../../src/jobs/definitions/broadcast-fan-out.ts";
import { createTranslator } from "../../src/shared/i18n/index.ts";
import { silentLogger } from "../../src/shared/logging/logger.ts";
import type { FakeTelegramBotApi, RecordedCall } from "../fakes/telegram-bot-api.ts";
import { startLimitedTelegramApp } from "../helpers/limited-telegram.ts";
import type { TestApp } from "../helpers/start-app.ts";
import { waitUntil } from "../helpers/wait.ts";

let fake: FakeTelegramBotApi;
let app: TestApp;
let admin: StaffRecord;
let nextChat = 880_001;
const RATE = 15;
const translator = createTranslator();

beforeAll(async () => {
  ({ fake, app } = await startLimitedTelegramApp(RATE, { jobPollingIntervalSeconds: 0.5 }));
  admin = await app.stores.staff.createStaff({
    email: `admin-${randomUUID()}@example.org`,
    displayName: "Admin",
    role: "admin",
    passwordHash: "x",
    provinceCodes: [],
  });
}, 120_000);
afterAll(async () => {
  await app?.stop();
  await fake?.close();
});

const chatOf = (call: RecordedCall): number => Number(call.params.chat_id);
const sentTo = (chats: Set<number>) => fake.callsOf("sendMessage", (c) => c.status === 200 && chats.has(chatOf(c)));
const clock = (at: Date): Clock => ({ now: () => at });
const realClock: Clock = { now: () => new Date() };
const bulkDeps = (c: Clock = realClock) => ({
  stores: app.stores,
  clock: c,
  logger: silentLogger(),
  translator,
  enqueue: app.engine.enqueue,
  enqueueMany: app.engine.enqueueMany,
});

async function clubWith(members: number, extra: { left?: number; unreachable?: number } = {}) {
  const c = await app.db.prisma.club.create({
    data: { name: "CLB", kind: "family_club", provinceCode: 1, joinCode: `B${randomUUID().slice(0, 8).toUpperCase()}` },
  });
  const add = async (kind: "in" | "left" | "unreachable") => {
    const chat = nextChat++;
    const { person } = await app.stores.people.findOrCreatePerson({ channel: "telegram", externalId: String(chat), locale: chat % 2 ? "en" : "vi" });
    await app.db.prisma.clubMember.create({
      data: { clubId: c.id, personId: person.id, displayNameEnc: "x", consentAt: new Date(), leftAt: kind === "left" ? new Date() : null },
    });
    if (kind === "unreachable") await app.stores.people.updatePerson(person.id, { reachable: false });
    return { kind, chat, locale: person.locale };
  };
  const people = [];
  for (let i = 0; i < members; i++) people.push(await add("in"));
  for (let i = 0; i < (extra.left ?? 0); i++) people.push(await add("left"));
  for (let i = 0; i < (extra.unreachable ?? 0); i++) people.push(await add("unreachable"));
  return { club: c, people };
}

const core = () => ({ stores: app.stores, clock: realClock });

describe("broadcasts through the bulk lane (Telegram limits enforced by the fake)", () => {
  it("sends once to each current, reachable member, in their language; reruns add nothing; a crisis is answered meanwhile", { timeout: 120_000 }, async () => {
    const { club, people } = await clubWith(40, { left: 3, unreachable: 2 });
    const b = await composeBroadcast(core(), { staff: admin, input: { audience: "club", clubId: club.id, bodyVi: "Chào các bạn", bodyEn: "Hello all" } });
    const fanOut = async (id: string) => void (await app.jobs.send(BROADCAST_FAN_OUT, { broadcastId: id }));
    expect(await startBroadcast({ ...core(), fanOut }, { staff: admin, id: b.id })).toEqual({ planned: 40 });
    // A second run at the same time and one after: keyed rows and messages, so nothing is doubled.
    const runs = await Promise.all([runFanOuts(bulkDeps(), b.id), runFanOuts(bulkDeps(), b.id)]);
    expect(runs.every((r) => r.broadcasts === 1)).toBe(true);
    const members = new Set(people.filter((p) => p.kind === "in").map((p) => p.chat));
    const everyone = new Set(people.map((p) => p.chat));
    await waitUntil(() => sentTo(everyone).length >= 5, { what: "the broadcast to start going out" });
    const crisisChat = nextChat++;
    fake.injectText(crisisChat, "con toi dang bi soc thuoc, sui bot mep");
    const reply = await fake.waitForCall("sendMessage", (c) => c.status === 200 && chatOf(c) === crisisChat);
    // Measured by order, not by the clock (a busy machine slows both alike): a crisis reply queued behind
    // the bulk lane would go out after all 40; it overtook the part of the broadcast still waiting.
    expect(sentTo(everyone).filter((c) => c.at < reply.at).length).toBeLessThan(40);
    expect(String(reply.params.text)).toContain("115");
    await waitUntil(() => sentTo(everyone).length >= 40, { what: "the broadcast to go out" });
    expect((await runFanOuts(bulkDeps(), b.id)).queued).toBe(0);
    await waitUntil(async () => (await app.stores.broadcasts.counts(b.id)).sent === 40, { what: "every delivery settled" });
    const sent = sentTo(everyone);
    expect(sent).toHaveLength(40);
    expect(new Set(sent.map(chatOf))).toEqual(members);
    for (const call of sent) {
      const p = people.find((x) => x.chat === chatOf(call))!;
      expect(String(call.params.text)).toBe(p.locale === "en" ? "Hello all" : "Chào các bạn");
    }
    expect(await app.stores.broadcasts.counts(b.id)).toMatchObject({ recipients: 40, sent: 40, queued: 0, failed: 0, unreachable: 0 });
    expect(await app.db.prisma.broadcastDelivery.count({ where: { broadcastId: b.id } })).toBe(40);
  });

  it("cancel: messages no sender has taken yet are never sent", { timeout: 120_000 }, async () => {
    // More than one claim round (100) so that some rows are still queued when the cancel comes.
    const { club, people } = await clubWith(140);
    const chats = new Set(people.map((p) => p.chat));
    const b = await composeBroadcast(core(), { staff: admin, input: { audience: "club", clubId: club.id, bodyVi: "Huỷ", bodyEn: "Cancel" } });
    await startBroadcast({ ...core(), fanOut: async () => undefined }, { staff: admin, id: b.id });
    await runFanOuts(bulkDeps(), b.id);
    await waitUntil(() => sentTo(chats).length >= 3, { what: "the first sends" });
    const { stopped } = await cancelBroadcast(core(), { staff: admin, id: b.id });
    expect(stopped).toBeGreaterThan(0);
    await waitUntil(async () => (await app.stores.broadcasts.counts(b.id)).queued === 0, { what: "what was taken to be settled" });
    const counts = await app.stores.broadcasts.counts(b.id);
    expect(counts.cancelled).toBe(stopped);
    expect(counts.sent + counts.cancelled).toBe(140);
    expect(sentTo(chats)).toHaveLength(counts.sent);
    const cancelledChats = await app.db.prisma.broadcastDelivery.findMany({ where: { broadcastId: b.id, status: "cancelled" }, select: { personId: true } });
    expect(cancelledChats).toHaveLength(stopped);
    expect((await app.stores.broadcasts.get(b.id))?.status).toBe("cancelled");
  });
});

describe("opt-in tips", () => {
  it(
    "subscribes by word (no diacritics), asks the province, sends weekly outside quiet hours, stops by word or by the tip's button",
    { timeout: 120_000 },
    async () => {
      const chat = nextChat++;
      fake.injectText(chat, "nhan meo");
      await fake.waitForCall("sendMessage", (c) => chatOf(c) === chat && String(c.params.text).includes("HUY MEO"));
      fake.injectText(chat, "Ha Noi");
      await fake.waitForCall("sendMessage", (c) => chatOf(c) === chat && String(c.params.text).includes("Hà Nội"));
      const { person } = await app.stores.people.findOrCreatePerson({ channel: "telegram", externalId: String(chat), locale: "vi" });
      expect(await app.stores.tips.get(person.id)).toMatchObject({ provinceCode: 1, unsubscribedAt: null });

      // Tomorrow 22:00 in Vietnam (15:00 UTC): quiet hours, nothing goes. 10:00 (03:00 UTC): one tip.
      const day = new Date(Date.now() + 86_400_000);
      const utc = (d: Date, h: number) => new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate(), h));
      const tipsOf = () => app.db.prisma.message.findMany({ where: { personId: person.id, idempotencyKey: { startsWith: "tip:" } } });
      expect(await sendDueTips(bulkDeps(clock(utc(day, 15))), 10_000)).toEqual({ queued: 0, quiet: true });
      const morning = utc(new Date(day.getTime() + 86_400_000), 3);
      expect((await sendDueTips(bulkDeps(clock(morning)), 10_000)).queued).toBeGreaterThanOrEqual(1);
      expect(await tipsOf()).toHaveLength(1);
      expect((await tipsOf())[0]!.idempotencyKey).toBe(`tip:${person.id}:${isoWeek(morning)}`);
      const tip = await fake.waitForCall("sendMessage", (c) => chatOf(c) === chat && String(c.params.text).startsWith("💡"));
      expect(String(tip.params.text)).toContain("HUY MEO");
      const buttons = JSON.stringify(tip.params.reply_markup);
      expect(buttons).toContain("Hủy nhận mẹo");
      const stopData = (JSON.parse(buttons) as { inline_keyboard: Array<Array<{ callback_data: string }>> }).inline_keyboard[0]![0]!.callback_data;
      // Later the same week: nothing more; a week later: the next tip.
      await sendDueTips(bulkDeps(clock(new Date(morning.getTime() + 3 * 86_400_000))), 10_000);
      expect(await tipsOf()).toHaveLength(1);
      await sendDueTips(bulkDeps(clock(new Date(morning.getTime() + 7 * 86_400_000))), 10_000);
      expect(await tipsOf()).toHaveLength(2);

      fake.injectText(chat, "huy meo");
      await fake.waitForCall("sendMessage", (c) => chatOf(c) === chat && String(c.params.text).includes("NHAN MEO"));
      await sendDueTips(bulkDeps(clock(new Date(morning.getTime() + 21 * 86_400_000))), 10_000);
      expect(await tipsOf()).toHaveLength(2);

      // Subscribed again, the button under a tip stops them too, whatever the person has on screen.
      fake.injectText(chat, "nhan meo");
      await waitUntil(async () => (await app.stores.tips.get(person.id))?.unsubscribedAt === null, { what: "subscribed again" });
      fake.injectText(chat, "/menu");
      fake.injectCallback(chat, stopData);
      await waitUntil(async () => (await app.stores.tips.get(person.id))?.unsubscribedAt != null, { what: "stopped by the button" });
    },
  );
});
