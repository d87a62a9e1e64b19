// pg-boss on the app's database (PGlite too) and conversation state that survives a restart.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createTestDatabase, onPostgres, startTestApp, type TestApp } from "../helpers/start-app.ts";
import { waitUntil } from "../helpers/wait.ts";
import { WebChatClient } from "../helpers/webchat-client.ts";

const started: TestApp[] = [];
afterAll(async () => {
  for (const app of started) await app.stop().catch(() => undefined);
});

describe("jobs", () => {
  it("purges an abandoned half-finished intake through pg-boss, and rejects a bad payload before queueing", async () => {
    const app = await startTestApp();
    started.push(app);
    const c = new WebChatClient(app.url);
    await c.open();
    await c.start();
    await c.tap("vi");
    await c.tap("intake");
    await c.tap("child");
    const person = await app.stores.people.findPerson("webchat", c.sessionId);
    await app.db.prisma.conversation.update({ where: { personId: person!.id }, data: { updatedAt: new Date(Date.now() - 8 * 86_400_000) } });
    await expect(app.jobs.send("purge-abandoned-intakes", { olderThanDays: "seven" })).rejects.toThrow();
    await app.jobs.send("purge-abandoned-intakes", { olderThanDays: 7 });
    // Workers poll every 0.5 s in tests; the purge resets the conversation to the menu.
    const state = await waitUntil(
      async () => {
        const s = await app.stores.conversations.getConversation(person!.id);
        return s?.flow === "menu" && s;
      },
      { intervalMs: 100, what: "the purge job to reset the conversation" },
    );
    expect(state).toMatchObject({ flow: "menu", step: "idle", data: {} });
  });
});

describe("restart", () => {
  it("continues a half-finished intake after the process restarts, losing nothing", async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "kna-restart-"));
    const pgdb = onPostgres() ? await createTestDatabase() : undefined;
    const opts = pgdb ? { databaseUrl: pgdb.url } : { dataDir };
    // The first start skips the template: one test per run starts like production, migrating from nothing.
    const first = await startTestApp({ ...opts, pgliteTemplate: undefined });
    const c = new WebChatClient(first.url);
    await c.open();
    await c.start();
    await c.tap("vi");
    await c.tap("intake");
    await c.tap("self");
    await first.stop();

    const second = await startTestApp(opts);
    started.push(second);
    const again = new WebChatClient(second.url);
    (again as unknown as { cookie: string }).cookie = (c as unknown as { cookie: string }).cookie;
    again.token = c.token; // the page open before the restart keeps its session token
    await again.say("ma tuy");
    expect((await again.lastMenu()).text).toContain("gấp");
    expect((await again.history()).filter((i) => i.direction === "inbound").length).toBe(4);
    await second.stop();
    started.pop();
    await pgdb?.drop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });
});
