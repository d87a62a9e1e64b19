// A reply that cannot be sent (the messenger keeps failing) is not lost: it stays "failed" with a
// retry time, and the redelivery job sends it once the messenger is back — once, in a later minute.
// Whole app, Zalo in polling mode against the fake platform, a clock the test moves.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Clock } from "../../src/core/ports.ts";
import { FakeZaloBotApi } from "../fakes/zalo-bot-api.ts";
import { ZaloTestUser } from "../fakes/zalo-test-user.ts";
import { startTestApp, type TestApp } from "../helpers/start-app.ts";

class MovableClock implements Clock {
  offsetMs = 0;
  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }
}

let fake: FakeZaloBotApi;
let app: TestApp;
const clock = new MovableClock();

beforeAll(async () => {
  fake = await FakeZaloBotApi.start();
  app = await startTestApp({
    env: { ZALO_BOT_TOKEN: fake.token, ZALO_API_BASE: fake.baseUrl },
    clock,
    zaloRetry: { baseDelayMs: 5, maxDelayMs: 20, maxAttempts: 2 },
  });
  await fake.waitFor(() => fake.heldPolls > 0, undefined, "the app to long-poll Zalo");
});
afterAll(async () => {
  await app?.stop();
  await fake?.close();
});

async function outbound(personId: string) {
  return app.db.prisma.message.findMany({ where: { personId, direction: "outbound" }, orderBy: { seq: "asc" } });
}

describe("redelivery of failed replies", () => {
  it("keeps a failed reply, retries it when due, and sends it exactly once", async () => {
    const u = new ZaloTestUser(fake, { settle: () => app.engine.drain() });
    await u.say("xin chao");
    const person = (await app.stores.people.findPerson("zalo", u.id))!;
    const sentBefore = fake.sentTo(u.id).length;

    // The platform fails every send for a while: the client's own retries are exhausted.
    fake.failNext("sendMessage", { kind: "server_error", status: 502 }, 50);
    await fake.inject({ text: "2", userId: u.id }); // English: two replies (language set + menu)
    await expect.poll(async () => (await outbound(person.id)).filter((m) => m.status === "failed").length).toBeGreaterThanOrEqual(1);
    await app.engine.drain();
    const failed = (await outbound(person.id)).filter((m) => m.status === "failed");
    expect(failed.every((m) => m.attempts === 1 && m.nextAttemptAt !== null)).toBe(true);
    expect(fake.sentTo(u.id).length).toBe(sentBefore);

    // Not due yet: nothing is claimed.
    expect(await app.engine.redeliverDue(50)).toEqual({ claimed: 0, sent: 0 });

    // The platform is back; a minute later the job sends each failed reply, in order, once.
    fake.clearFaults();
    clock.offsetMs = 61_000;
    await app.jobs.send("redeliver-failed-replies", { limit: 50 });
    await expect.poll(async () => (await outbound(person.id)).filter((m) => m.status === "sent").length).toBe((await outbound(person.id)).length);
    const texts = fake
      .sentTo(u.id)
      .slice(sentBefore)
      .map((s) => s.text ?? "");
    expect(texts.join("\n")).toContain("How can I help you?");
    expect(texts).toHaveLength(failed.length);
    expect(await app.engine.redeliverDue(50)).toEqual({ claimed: 0, sent: 0 });
  });

  it("gives up after five attempts and leaves the reply visible as failed", async () => {
    const u = new ZaloTestUser(fake, { settle: () => app.engine.drain() });
    await u.say("xin chao");
    const person = (await app.stores.people.findPerson("zalo", u.id))!;
    fake.failNext("sendMessage", { kind: "server_error", status: 502 }, 1000);
    await fake.inject({ text: "1", userId: u.id });
    await expect.poll(async () => (await outbound(person.id)).filter((m) => m.status === "failed").length).toBeGreaterThanOrEqual(1);
    await app.engine.drain();
    for (const minutes of [2, 10, 40, 200]) {
      clock.offsetMs += minutes * 60_000;
      await app.engine.redeliverDue(50);
    }
    const rows = (await outbound(person.id)).filter((m) => m.status === "failed");
    expect(rows.length).toBeGreaterThanOrEqual(1);
    expect(rows.every((m) => m.attempts === 5 && m.nextAttemptAt === null)).toBe(true);
    clock.offsetMs += 24 * 60 * 60_000;
    expect(await app.engine.redeliverDue(50)).toEqual({ claimed: 0, sent: 0 });
    fake.clearFaults();
  });
});
