// Crash safety, checked from outside: the app runs as a child process; 200 people work through the
// start of an intake over the web chat, each retrying a message until it gets a 2xx (as Telegram
// does); the process is killed with SIGKILL at three random moments and started again on the same
// database. Afterwards no turn is lost, no conversation is stuck, no message was handled twice, and
// no reply was recorded twice. Delivery rule: a reply committed with its turn is sent at least once
// (one cut off mid-send stays pending until its lease runs out, then goes out again).
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { randomBytes } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { sessionToken } from "../../src/channels/webchat/guard.ts";
import { openDatabase, type Database } from "../../src/store/index.ts";
import { freePort } from "../helpers/free-port.ts";
import { createTestDatabase, onPostgres, startTestApp, TEST_KEYS, type TestApp } from "../helpers/start-app.ts";
import { WebChatClient } from "../helpers/webchat-client.ts";

const PEOPLE = 200;
const CONCURRENCY = 40;
/** Each person's messages: start → "1" Vietnamese → "2" ask for help → "1" about myself. */
const SCRIPT: Array<Record<string, unknown>> = [{ start: true }, { text: "1" }, { text: "2" }, { text: "1" }];
/** Replies a person gets for that script when nothing goes wrong (privacy + language menu, set + menu, intro + subject, concern). */
const EXPECTED_REPLIES = 7;
const ROOT = path.resolve(import.meta.dirname, "../..");

interface Target {
  env: Record<string, string>;
  cleanup(): Promise<void>;
}

async function target(): Promise<Target> {
  if (onPostgres()) {
    const db = await createTestDatabase();
    return { env: { DATABASE_URL: db.url }, cleanup: db.drop };
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "kna-crash-"));
  return { env: { DATA_DIR: dir }, cleanup: async () => fs.rmSync(dir, { recursive: true, force: true }) };
}

let lastStderr = "";

function startChild(env: Record<string, string>): ChildProcess {
  const child = spawn(process.execPath, ["--import", "./src/load-tsx.ts", "src/main.ts"], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? "", NODE_ENV: "test", HOST: "127.0.0.1", LOG_LEVEL: "error", ...TEST_KEYS, ...env },
    stdio: ["ignore", "ignore", "pipe"],
  });
  // Kept for the failure message: why a restart did not come up.
  child.stderr?.on("data", (chunk: Buffer) => void (lastStderr = (lastStderr + chunk.toString()).slice(-4000)));
  return child;
}

async function waitReady(url: string, child: ChildProcess): Promise<void> {
  const until = Date.now() + 120_000;
  while (Date.now() < until) {
    if (child.exitCode !== null) throw new Error(`the app exited with ${child.exitCode} before it was ready:\n${lastStderr}`);
    const ok = await fetch(`${url}/healthz`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`the app did not become ready:\n${lastStderr}`);
}

/** Posts until the app answers 2xx, like a messenger redelivering; counts the 2xx answers. */
async function postUntilAccepted(url: string, sid: string, body: Record<string, unknown>, onAccepted: () => void, giveUp: () => boolean): Promise<void> {
  for (;;) {
    const status = await fetch(`${url}/chat/messages`, {
      method: "POST",
      headers: { "content-type": "application/json", cookie: `kna_sid=${sid}`, origin: url, "x-chat-token": sessionToken(sid) },
      body: JSON.stringify(body),
    }).then(
      (r) => r.status,
      () => 0,
    );
    if (status >= 200 && status < 300) return onAccepted();
    if (status >= 400 && status < 500) throw new Error(`the app refused a valid message: ${status}`);
    if (giveUp()) throw new Error("stopped retrying: the app did not come back");
    await new Promise((r) => setTimeout(r, 25)); // down or restarting: try again, as a messenger would
  }
}

describe("crash recovery", () => {
  const cleanups: Array<() => Promise<void>> = [];
  afterAll(async () => {
    for (const c of cleanups.reverse()) await c().catch(() => undefined);
  });

  it("loses no turn and repeats none across three SIGKILLs under load", { timeout: 300_000 }, async () => {
    const t = await target();
    cleanups.push(t.cleanup);
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const env: Record<string, string> = { ...t.env, PORT: String(port) };
    let child = startChild(env);
    cleanups.push(async () => void child.kill("SIGKILL"));
    await waitReady(url, child);

    const total = PEOPLE * SCRIPT.length;
    const killAt = [0.2, 0.45, 0.7].map((f) => Math.floor(total * (f + Math.random() * 0.1)));
    let accepted = 0;
    let restarting: Promise<void> | undefined;
    let restartFailure: unknown;
    // A kill point passed while the app was still restarting (replies in flight, or clients that got
    // everything through before the restart was noticed) is taken as soon as the restart is done.
    const maybeKill = (): void => {
      if (killAt.length === 0 || accepted < killAt[0]! || restarting) return;
      killAt.shift();
      restarting = (async () => {
        child.kill("SIGKILL");
        await new Promise((r) => child.once("exit", r));
        child = startChild(env);
        await waitReady(url, child);
        restarting = undefined;
        maybeKill();
      })();
      restarting.catch((error: unknown) => {
        restartFailure = error;
      });
    };
    const onAccepted = () => {
      accepted += 1;
      maybeKill();
    };

    const sessions = Array.from({ length: PEOPLE }, () => randomBytes(32).toString("base64url"));
    let next = 0;
    const worker = async () => {
      for (let i = next++; i < PEOPLE; i = next++) {
        for (const [n, message] of SCRIPT.entries())
          await postUntilAccepted(
            url,
            sessions[i]!,
            { clientId: `msg-${n}-${String(i).padStart(4, "0")}`, ...message },
            onAccepted,
            () => restartFailure !== undefined,
          );
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker)).catch((error: unknown) => {
      throw restartFailure ?? error;
    });
    while (restarting) await restarting;
    expect(killAt).toEqual([]); // all three kills happened

    // Accepted messages whose turns were cut off are resumed at start and by the minute job; wait for it.
    child.kill("SIGTERM");
    await new Promise((r) => child.once("exit", r));
    child = startChild(env);
    await waitReady(url, child);
    child.kill("SIGTERM");
    await new Promise((r) => child.once("exit", r));

    const db: Database = await openDatabase(onPostgres() ? { kind: "postgres", url: env.DATABASE_URL! } : { kind: "pglite", dataDir: env.DATA_DIR });
    cleanups.push(() => db.close());
    const people = await db.prisma.person.findMany({ where: { channel: "webchat" }, include: { conversation: true } });
    expect(people).toHaveLength(PEOPLE);
    expect(await db.prisma.message.count({ where: { direction: "inbound", handledAt: null } })).toBe(0);
    const inbound = await db.prisma.message.groupBy({ by: ["personId"], where: { direction: "inbound" }, _count: { _all: true } });
    expect(inbound.every((g) => g._count._all === SCRIPT.length)).toBe(true);
    const stuck = people.filter((p) => p.conversation?.flow !== "intake" || p.conversation.step !== "concern");
    expect(stuck.map((p) => `${p.conversation?.flow}/${p.conversation?.step}`)).toEqual([]);
    const outbound = await db.prisma.message.groupBy({ by: ["personId"], where: { direction: "outbound" }, _count: { _all: true } });
    expect(outbound.filter((g) => g._count._all !== EXPECTED_REPLIES)).toEqual([]);
    expect(await db.prisma.message.count({ where: { direction: "outbound", status: { notIn: ["sent", "pending"] } } })).toBe(0);
  });

  it("handles at start a message that was accepted but whose turn never ran", { timeout: 180_000 }, async () => {
    const t = await target();
    cleanups.push(t.cleanup);
    const opts = t.env.DATABASE_URL ? { databaseUrl: t.env.DATABASE_URL } : { dataDir: t.env.DATA_DIR };
    let app: TestApp = await startTestApp(opts);
    cleanups.push(() => app.stop());
    const c = new WebChatClient(app.url);
    await c.open();
    await c.start();
    await c.tap("vi");
    const person = (await app.stores.people.findPerson("webchat", c.sessionId))!;
    // Accepted (committed to the inbox) as if the process died right after: "2" = ask for help.
    const accepted = await app.stores.messages.recordInbound({
      personId: person.id,
      channel: "webchat",
      channelMessageId: "accepted-then-crash",
      body: { kind: "text", text: "2" },
    });
    expect(accepted).toMatchObject({ duplicate: false, handled: false });
    await app.stop();
    app = await startTestApp(opts);
    const until = Date.now() + 60_000;
    while ((await app.stores.conversations.getConversation(person.id))?.flow !== "intake" && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
    expect((await app.stores.conversations.getConversation(person.id))?.flow).toBe("intake");
    expect(await app.stores.messages.nextUnhandled(person.id)).toBeNull();
    // A redelivery of it now is a plain duplicate.
    expect(
      await app.stores.messages.recordInbound({
        personId: person.id,
        channel: "webchat",
        channelMessageId: "accepted-then-crash",
        body: { kind: "text", text: "2" },
      }),
    ).toMatchObject({ duplicate: true, handled: true });
  });
});
