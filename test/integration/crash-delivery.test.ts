// The delivery rule for a send cut off by a crash, checked from outside: the app runs as a child process
// against the fake Telegram Bot API, which holds every sendMessage unanswered; while a conversation reply
// and a bulk message are both in flight the process is killed with SIGKILL. After the leases run out
// (the test moves them back instead of waiting two minutes) and the app is started again:
//   - the conversation reply is sent again (at least once), and the turn is not run again;
//   - the bulk message is not (never twice): it is marked failed for good.
// On PGlite, and on PostgreSQL with TEST_DATABASE_URL.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { loadSecrets } from "../../src/config/secrets.ts";
import { parseEnv } from "../../src/config/env.ts";
import { createSealer } from "../../src/shared/crypto/sealer.ts";
import { silentLogger } from "../../src/shared/logging/logger.ts";
import { createStores, openDatabase, type Database } from "../../src/store/index.ts";
import { startFakeTelegram, type FakeTelegramBotApi, type RecordedCall } from "../fakes/telegram-bot-api.ts";
import { startChildApp, type ChildApp } from "../helpers/child-app.ts";
import { freePort } from "../helpers/free-port.ts";
import { pgliteTemplate } from "../helpers/pglite-template.ts";
import { createTestDatabase, onPostgres, TEST_KEYS } from "../helpers/start-app.ts";
import { waitUntil } from "../helpers/wait.ts";

const BULK_CHAT = 880_001;
const REPLY_CHAT = 880_002;
const chatOf = (call: RecordedCall): number => Number(call.params.chat_id);

describe("a send cut off by SIGKILL", () => {
  const cleanups: Array<() => Promise<unknown>> = [];
  afterAll(async () => {
    for (const c of cleanups.reverse()) await c().catch(() => undefined);
  });

  it("sends a conversation reply again and a bulk message never twice", { timeout: 240_000 }, async () => {
    const env: Record<string, string> = {};
    if (onPostgres()) {
      const created = await createTestDatabase();
      cleanups.push(created.drop);
      env.DATABASE_URL = created.url;
    } else {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), "kna-crash-send-"));
      cleanups.push(async () => fs.rmSync(dir, { recursive: true, force: true }));
      env.DATA_DIR = dir;
    }
    const template = env.DATABASE_URL ? undefined : await pgliteTemplate();
    const open = async (): Promise<Database> =>
      openDatabase(env.DATABASE_URL ? { kind: "postgres", url: env.DATABASE_URL } : { kind: "pglite", dataDir: env.DATA_DIR, template });
    const secrets = loadSecrets(parseEnv({ ...TEST_KEYS, DATA_DIR: env.DATA_DIR ?? ":memory:" }), silentLogger());

    // A broadcast message for one person, due now (what issue 10's fan-out will enqueue).
    let db = await open();
    const stores = createStores(db.prisma, createSealer(secrets.ring, secrets.hmacKey));
    const { person: bulkPerson } = await stores.people.findOrCreatePerson({ channel: "telegram", externalId: String(BULK_CHAT), locale: "vi" });
    const { id: bulkId } = await stores.messages.enqueueOutbound({
      personId: bulkPerson.id,
      channel: "telegram",
      author: "bot",
      body: { kind: "text", text: "broadcast" },
      lane: "bulk",
      dueAt: new Date(),
      idempotencyKey: "crash:broadcast",
    });
    await db.close();

    const fake: FakeTelegramBotApi = await startFakeTelegram();
    cleanups.push(() => fake.close());
    fake.injectFault("sendMessage", { kind: "hold" }, 1000);
    const port = await freePort();
    const childEnv = { ...env, TELEGRAM_BOT_TOKEN: fake.token, TELEGRAM_API_ROOT: fake.apiRoot };
    let child: ChildApp = await startChildApp({ port, env: childEnv, readyTimeoutMs: 120_000 });
    cleanups.push(() => child.stop());

    // A person writes; the turn commits and its first reply is in flight, as is the broadcast.
    fake.injectText(REPLY_CHAT, "/start");
    const inFlight = (chat: number) => fake.callsOf("sendMessage", (c) => chatOf(c) === chat);
    await waitUntil(() => inFlight(BULK_CHAT).length === 1 && inFlight(REPLY_CHAT).length === 1, { what: "both sends in flight" });
    process.kill(child.pid, "SIGKILL");
    await waitUntil(() => child.exit, { what: "the app to die" });
    fake.clearFaults();
    fake.releaseHeld();
    const firstReply = String(inFlight(REPLY_CHAT)[0]!.params.text);

    // Both rows were left pending under a lease; move the leases back instead of waiting two minutes.
    db = await open();
    const replyPerson = (await db.prisma.person.findFirstOrThrow({ where: { channel: "telegram", NOT: { id: bulkPerson.id } } })).id;
    const replies = await db.prisma.message.findMany({ where: { personId: replyPerson, direction: "outbound" } });
    expect(replies.length).toBeGreaterThanOrEqual(2);
    expect(replies.every((m) => m.status === "pending")).toBe(true);
    expect(await db.prisma.message.findUniqueOrThrow({ where: { id: bulkId } })).toMatchObject({ status: "pending", lane: "bulk" });
    await db.prisma.$executeRaw`UPDATE "Message" SET "nextAttemptAt" = ${new Date(Date.now() - 1000)} WHERE status = 'pending'`;
    await db.close();

    child = await startChildApp({ port, env: childEnv, readyTimeoutMs: 120_000 });
    await waitUntil(() => inFlight(REPLY_CHAT).length >= 1 + replies.length, { what: "the replies to go out again" });
    // …and settled: nothing left pending or queued (the app's own gauge).
    await waitUntil(
      async () => {
        const body = await fetch(`${child.url}/metrics`).then(
          (r) => r.text(),
          () => "",
        );
        return /^ketnoi_outbox_depth\{status="pending"\} 0$/m.test(body) && /^ketnoi_outbox_lane_depth\{lane="bulk",status="queued"\} 0$/m.test(body);
      },
      { what: "the outbox to settle", intervalMs: 100 },
    );
    await child.stop();

    db = await open();
    cleanups.push(() => db.close());
    // At least once: every reply was sent; the one cut off went out twice; the turn ran once.
    const after = await db.prisma.message.findMany({ where: { personId: replyPerson }, orderBy: { seq: "asc" } });
    expect(after.filter((m) => m.direction === "inbound")).toHaveLength(1);
    expect(after.filter((m) => m.direction === "outbound").map((m) => m.status)).toEqual(replies.map(() => "sent"));
    expect(inFlight(REPLY_CHAT).filter((c) => c.params.text === firstReply)).toHaveLength(2);
    // Never twice: the broadcast, cut off mid-send, was given up and not sent again.
    expect(await db.prisma.message.findUniqueOrThrow({ where: { id: bulkId } })).toMatchObject({ status: "failed", nextAttemptAt: null });
    expect(inFlight(BULK_CHAT)).toHaveLength(1);
  });
});
