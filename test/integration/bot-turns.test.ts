// Turns the bot starts itself (follow-ups, reminders), and stored conversations that no longer parse.
// The same follow-up is also answered on Telegram and Zalo in the channel contract suite.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkInFlow, CHECK_IN_FLOW } from "../helpers/check-in-flow.ts";
import { startTestApp, type TestApp } from "../helpers/start-app.ts";
import { newId, WebChatClient } from "../helpers/webchat-client.ts";

let app: TestApp;

beforeAll(async () => {
  app = await startTestApp({ extraFlows: [checkInFlow] });
});
afterAll(async () => {
  await app?.stop();
});

async function personOnMenu(): Promise<{ c: WebChatClient; personId: string }> {
  const c = new WebChatClient(app.url);
  await c.open();
  await c.start();
  await c.tap("vi");
  const person = await app.stores.people.findPerson("webchat", c.sessionId);
  return { c, personId: person!.id };
}

describe("bot-initiated turns", () => {
  it("asks a question whose options become the menu on screen: a tap answers it", async () => {
    const { c, personId } = await personOnMenu();
    expect(await app.engine.startTurn({ personId, flow: CHECK_IN_FLOW, params: { about: "group" } })).toEqual({ status: "ran", sent: 1 });
    const menu = await c.lastMenu();
    expect(menu.text).toBe("Did you go to the group?");
    const replies = await c.repliesTo(() => c.tap("went"));
    expect(replies[0]).toBe("check-in answer: went");
    expect((await app.stores.conversations.getConversation(personId))?.flow).toBe("menu");
  });

  it("is answered by a digit or by the option's words, and a stale tap on an older menu is refused kindly", async () => {
    const { c, personId } = await personOnMenu();
    const oldMenu = await c.lastMenu();
    await app.engine.startTurn({ personId, flow: CHECK_IN_FLOW });
    expect(await c.repliesTo(() => c.say("2"))).toContain("check-in answer: not_yet");
    await app.engine.startTurn({ personId, flow: CHECK_IN_FLOW });
    expect(await c.repliesTo(() => c.say("stop asking"))).toContain("check-in answer: stop");
    const stale = await c.repliesTo(() => c.post({ clientId: newId(), choice: { optionId: oldMenu.options[0]!.id, menuSeq: oldMenu.menuSeq } }));
    expect(stale[0]).toMatch(/không còn|cũ/i);
  });

  it("skips people who are gone or unreachable, and an unknown flow is a programming error", async () => {
    expect(await app.engine.startTurn({ personId: "00000000-0000-0000-0000-000000000000", flow: CHECK_IN_FLOW })).toEqual({
      status: "skipped",
      reason: "gone",
    });
    const { personId } = await personOnMenu();
    await app.stores.people.updatePerson(personId, { reachable: false });
    expect(await app.engine.startTurn({ personId, flow: CHECK_IN_FLOW })).toEqual({ status: "skipped", reason: "unreachable" });
    await app.stores.people.updatePerson(personId, { reachable: true });
    await expect(app.engine.startTurn({ personId, flow: "no_such_flow" })).rejects.toThrow(/no flow named/);
  });
});

describe("stored conversation state", () => {
  it("a row that no longer parses resets the person to the menu with a kind message, never a crash", async () => {
    const { c, personId } = await personOnMenu();
    await app.db.prisma.conversation.update({ where: { personId }, data: { flow: "intake", step: "story", data: { storyIds: "not-a-list", province: "x" } } });
    const replies = await c.repliesTo(() => c.say("menu"));
    expect(replies[0]).toContain("trang chủ");
    expect((await app.stores.conversations.getConversation(personId))?.flow).toBe("menu");
    await app.db.prisma.conversation.update({ where: { personId }, data: { flow: "a_flow_that_was_removed" } });
    expect((await c.repliesTo(() => c.say("1")))[0]).toContain("trang chủ");
  });
});
