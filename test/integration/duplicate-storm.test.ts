// A duplicate storm (issue 14): a web chat message already handled, posted 1,000 more times at
// concurrency 50 (PGlite, or PostgreSQL with TEST_DATABASE_URL). It is answered once: one inbound row, no
// reply beyond the first answer's, every repeat a 200 with duplicate:true. Duplicates are recognised when
// the message is accepted, before any lock. How long the storm takes is measured by bench/duplicate-storm.ts,
// not asserted here (the suite must not depend on the machine's speed).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { duplicateStorm } from "../helpers/duplicate-storm.ts";
import { startTestApp, type TestApp } from "../helpers/start-app.ts";

const REPEATS = 1_000;
const CONCURRENCY = 50;

let app: TestApp;

beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => {
  await app?.stop();
});

describe("duplicate storm", () => {
  it(`answers a message once when it is posted ${REPEATS} more times at concurrency ${CONCURRENCY} after it was handled`, async () => {
    const outbound = () => app.db.prisma.message.count({ where: { direction: "outbound" } });
    let afterFirst = -1;
    const storm = await duplicateStorm(app.url, { repeats: REPEATS, concurrency: CONCURRENCY, beforeStorm: async () => void (afterFirst = await outbound()) });
    expect(storm.first).toEqual({ status: 200, duplicate: false });
    expect(storm.repeats).toHaveLength(REPEATS);
    expect(storm.repeats.filter((r) => r.status === 200 && r.duplicate === true)).toHaveLength(REPEATS);
    const inbound = await app.db.prisma.message.findMany({ where: { direction: "inbound", channelMessageId: storm.clientId } });
    expect(inbound).toHaveLength(1);
    expect(inbound[0]!.handledAt).not.toBeNull();
    // Replies: those of the first post only, each sent once.
    const { personId, seq } = inbound[0]!;
    const replies = await app.db.prisma.message.findMany({ where: { personId, direction: "outbound", seq: { gt: seq } } });
    expect(replies.length).toBeGreaterThan(0);
    expect(replies.every((r) => r.status === "sent")).toBe(true);
    expect(afterFirst).toBeGreaterThan(0);
    expect(await outbound()).toBe(afterFirst);
  });
});
