// The broadcast benchmark (issue 10): N recipients (everyone who opted in) against the fake Telegram Bot
// API enforcing Telegram's limits (30 sendMessage a second overall, about 1 a second per chat, 429 with
// retry_after beyond). The product runs as a child process (`node --import tsx src/main.ts`) on a fresh
// database (PGlite on disk, or PostgreSQL next to BENCH_DATABASE_URL); the broadcast is started through
// the console like staff would. Three runs:
//   clean  — achieved rate / allowed rate, duplicates, lost; a crisis message from another person
//            while it runs, answered within 2 s (the lanes);
//   crash  — the same with `kill -9` of the app at three random points mid-broadcast and a restart;
//   naive  — the reference: a loop of grammY sendMessage calls with the auto-retry plugin.
// Run: npm run bench:broadcast -- --recipients 1000      (default 10,000; `--runs clean,naive` picks runs)
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { randomBytes } from "node:crypto";
import { autoRetry } from "@grammyjs/auto-retry";
import { Bot } from "grammy";
import pg from "pg";
import { loadSecrets } from "../src/config/secrets.ts";
import { parseEnv } from "../src/config/env.ts";
import { createSealer } from "../src/shared/crypto/sealer.ts";
import { silentLogger } from "../src/shared/logging/logger.ts";
import { createStores, openDatabase } from "../src/store/index.ts";
import { ConsoleClient } from "../test/console/console-client.ts";
import { startFakeTelegram, type FakeTelegramBotApi, type RecordedCall } from "../test/fakes/telegram-bot-api.ts";
import { startChildApp, type ChildApp } from "../test/helpers/child-app.ts";
import { freePort } from "../test/helpers/free-port.ts";
import { TEST_KEYS } from "../test/helpers/start-app.ts";
import { testPasswordHash } from "../test/helpers/test-password-hash.ts";
import { machineLine } from "./support.ts";

const arg = (name: string, fallback: number): number => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};
const N = arg("--recipients", 10_000);
const KILLS = arg("--kills", 3);
/** Which runs, e.g. `--runs clean,naive` (default: all three). */
const RUNS = (process.argv.includes("--runs") ? process.argv[process.argv.indexOf("--runs") + 1]! : "clean,crash,naive").split(",");
const RATE = 30;
const PASSWORD = "bench horse battery staple";
/** A claimed bulk row cut off by a crash is given up when its send lease (2 minutes) runs out. */
const SETTLE_CEILING_MS = 10 * 60_000 + (N / RATE) * 3_000;
const BASE = process.env.BENCH_DATABASE_URL;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const chatOf = (c: RecordedCall) => Number(c.params.chat_id);
const log = (...xs: unknown[]) => console.error("[bench:broadcast]", ...xs);

interface Target {
  env: Record<string, string>;
  drop(): Promise<void>;
}

async function freshDatabase(): Promise<Target> {
  if (!BASE) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "kna-bench-broadcast-"));
    return { env: { DATA_DIR: dir }, drop: async () => fs.rmSync(dir, { recursive: true, force: true }) };
  }
  const name = `kna_bench_${randomBytes(4).toString("hex")}`;
  const admin = async (sql: string) => {
    const c = new pg.Client({ connectionString: BASE });
    await c.connect();
    await c.query(sql);
    await c.end();
  };
  await admin(`CREATE DATABASE ${name}`);
  const url = new URL(BASE);
  url.pathname = `/${name}`;
  return { env: { DATABASE_URL: url.toString() }, drop: () => admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}

/** N tip subscribers (half vi, half en; their next tip weeks away), an admin, and a draft to everyone who opted in. */
async function seed(target: Target, firstChat: number): Promise<{ broadcastId: string; email: string }> {
  const db = await openDatabase(
    target.env.DATABASE_URL ? { kind: "postgres", url: target.env.DATABASE_URL } : { kind: "pglite", dataDir: target.env.DATA_DIR },
  );
  const secrets = loadSecrets(parseEnv({ ...TEST_KEYS, DATA_DIR: target.env.DATA_DIR ?? ":memory:" }), silentLogger());
  const stores = createStores(db.prisma, createSealer(secrets.ring, secrets.hmacKey));
  const later = new Date(Date.now() + 30 * 86_400_000);
  for (let i = 0; i < N; i++) {
    const { person } = await stores.people.findOrCreatePerson({ channel: "telegram", externalId: String(firstChat + i), locale: i % 2 ? "en" : "vi" });
    await stores.tips.subscribe({ personId: person.id, provinceCode: null, now: new Date(), firstDueAt: later });
  }
  const email = `bench-${randomBytes(3).toString("hex")}@example.org`;
  const staff = await stores.staff.createStaff({
    email,
    displayName: "Bench",
    role: "admin",
    passwordHash: await testPasswordHash(PASSWORD),
    provinceCodes: [],
  });
  const b = await stores.broadcasts.create(
    { createdById: staff.id, audience: { kind: "all_opted_in" }, body: { vi: "Thông báo thử", en: "Test notice" } },
    new Date(),
  );
  await db.close();
  return { broadcastId: b.id, email };
}

async function startConsoleBroadcast(url: string, email: string, id: string): Promise<ConsoleClient> {
  const c = new ConsoleClient(url);
  if ((await c.login(email, PASSWORD)).status !== 303) throw new Error("bench sign-in failed");
  const page = await c.get(`/console/broadcasts/${id}`);
  if (!page.html.includes(`data-count="${N}"`)) throw new Error("the preview did not count every recipient");
  const started = await c.post(`/console/broadcasts/${id}/start`);
  if (!started.location?.includes("ok=started")) throw new Error(`start refused: ${started.location}`);
  return c;
}

/** The progress page's numbers (what staff see). */
/** How long each progress page took (the app renders it while it sends). */
const progressMs: number[] = [];
async function progress(c: ConsoleClient, id: string): Promise<{ sent: number; failed: number; unreachable: number; queued: number; done: boolean }> {
  const asked = performance.now();
  const html = (await c.get(`/console/broadcasts/${id}`)).html;
  progressMs.push(performance.now() - asked);
  const n = (k: string) => Number(new RegExp(`data-k="${k}">(\\d+)<`).exec(html)?.[1] ?? NaN);
  return { sent: n("sent"), failed: n("failed"), unreachable: n("unreachable"), queued: n("queued"), done: html.includes('data-status="done"') };
}

interface Outcome {
  name: string;
  sent: number;
  duplicates: number;
  missed: number;
  lost: number;
  givenUp: number;
  rate: number;
  seconds: number;
  rateLimited: number;
  crisisMs?: number;
  kills?: number[];
}

function tally(fake: FakeTelegramBotApi, firstChat: number, since: number) {
  const calls = fake.callsOf("sendMessage", (c) => c.at >= since && chatOf(c) >= firstChat && chatOf(c) < firstChat + N);
  const ok = calls.filter((c) => c.status === 200);
  const perChat = new Map<number, number>();
  for (const c of ok) perChat.set(chatOf(c), (perChat.get(chatOf(c)) ?? 0) + 1);
  const duplicates = [...perChat.values()].reduce((s, k) => s + Math.max(0, k - 1), 0);
  const seconds = ok.length > 1 ? (ok.at(-1)!.at - ok[0]!.at) / 1000 : 0;
  return { ok, perChat, duplicates, seconds, rateLimited: calls.filter((c) => c.status === 429).length };
}

async function runProduct(fake: FakeTelegramBotApi, name: "clean" | "crash", firstChat: number): Promise<Outcome> {
  const target = await freshDatabase();
  try {
    log(name, `seeding ${N} subscribers`);
    const { broadcastId, email } = await seed(target, firstChat);
    const port = await freePort();
    const env = { ...target.env, TELEGRAM_BOT_TOKEN: fake.token, TELEGRAM_API_ROOT: fake.apiRoot };
    let child: ChildApp = await startChildApp({ port, env, readyTimeoutMs: 180_000 });
    const since = Date.now();
    let c = await startConsoleBroadcast(child.url, email, broadcastId);
    log(name, "started");
    const sentNow = () => tally(fake, firstChat, since).ok.length;
    let crisisMs: number | undefined;
    const kills = name === "crash" ? [...Array(KILLS)].map(() => Math.max(1, Math.floor(N * (0.1 + 0.6 * Math.random())))).sort((a, b) => a - b) : [];
    const killedAt: number[] = [];
    if (name === "clean") {
      await until(() => sentNow() >= N / 5, "a fifth sent");
      const crisisChat = firstChat + N + 1;
      const asked = Date.now();
      fake.injectText(crisisChat, "con toi dang bi soc thuoc, sui bot mep");
      const reply = await fake.waitForCall("sendMessage", (x) => x.status === 200 && chatOf(x) === crisisChat, 30_000);
      crisisMs = Math.round(reply.at - asked);
      log(name, `crisis answered in ${crisisMs} ms`);
    }
    for (const at of kills) {
      // A kill gives up the rows the app had claimed (at most once): if those were all that was left,
      // sending stalls and the later kill points are never reached.
      const stalled = stallWatch(sentNow);
      await until(() => sentNow() >= at || stalled(), `${at} sent`);
      if (sentNow() < at) break;
      process.kill(child.pid, "SIGKILL");
      await until(() => child.exit !== undefined, "the app to die");
      killedAt.push(sentNow());
      log(name, `killed at ${sentNow()} sent; restarting`);
      child = await startChildApp({ port, env, readyTimeoutMs: 180_000 });
      c = new ConsoleClient(child.url);
      await c.login(email, PASSWORD);
    }
    await until(async () => (await progress(c, broadcastId)).done, "every delivery settled", SETTLE_CEILING_MS, 1000);
    const p = await progress(c, broadcastId);
    await child.stop();
    const t = tally(fake, firstChat, since);
    describe429s(fake, since);
    describeGaps(t.ok.map((c) => c.at));
    const sorted = progressMs.splice(0).sort((a, b) => a - b);
    log(`${sorted.length} progress pages: median ${Math.round(sorted[sorted.length >> 1] ?? 0)} ms, slowest ${Math.round(sorted.at(-1) ?? 0)} ms`);
    // Missed: a recipient the fake never delivered to. A row given up after a crash (bulk is sent at
    // most once) is recorded as failed; lost is what is neither delivered nor recorded.
    const received = t.perChat.size;
    return {
      name,
      sent: t.ok.length,
      duplicates: t.duplicates,
      missed: N - received,
      lost: Math.max(0, N - received - p.failed - p.unreachable),
      givenUp: p.failed,
      rate: t.ok.length / t.seconds / RATE,
      seconds: t.seconds,
      rateLimited: t.rateLimited,
      ...(crisisMs !== undefined ? { crisisMs } : {}),
      ...(name === "crash" ? { kills: killedAt } : {}),
    };
  } finally {
    await target.drop();
  }
}

async function runNaive(fake: FakeTelegramBotApi, firstChat: number): Promise<Outcome> {
  const bot = new Bot(fake.token, { client: { apiRoot: fake.apiRoot } });
  bot.api.config.use(autoRetry());
  const since = Date.now();
  for (let i = 0; i < N; i++) await bot.api.sendMessage(firstChat + i, i % 2 ? "Test notice" : "Thông báo thử");
  const t = tally(fake, firstChat, since);
  return {
    name: "naive",
    sent: t.ok.length,
    duplicates: t.duplicates,
    missed: N - t.perChat.size,
    lost: N - t.perChat.size,
    givenUp: 0,
    rate: t.ok.length / t.seconds / RATE,
    seconds: t.seconds,
    rateLimited: t.rateLimited,
  };
}

/** For each 429: which limit (the chat's or the channel's), from the calls the fake answered before it. */
function describe429s(fake: FakeTelegramBotApi, since: number): void {
  const calls = fake.callsOf("sendMessage", (c) => c.at >= since);
  for (const c of calls.filter((x) => x.status === 429)) {
    const before = calls.filter((x) => x.status === 200 && x.at < c.at);
    const lastSecond = before.filter((x) => c.at - x.at < 1000).length;
    const sameChat = before.filter((x) => chatOf(x) === chatOf(c) && c.at - x.at < 3000).length;
    log(`429 at +${Math.round(c.at - since)} ms: ${lastSecond} sends in the second before it; ${sameChat} to the same chat in the 3 s before`);
  }
}

/** Where the time went: the time in gaps longer than three intervals between sends, and the longest gaps. */
function describeGaps(times: number[]): void {
  const gaps = times.slice(1).map((t, i) => ({ at: times[i]! - times[0]!, ms: t - times[i]! }));
  const long = gaps.filter((g) => g.ms > (3 * 1000) / RATE);
  const lost = long.reduce((sum, g) => sum + g.ms - 1000 / RATE, 0);
  const worst = [...long].sort((a, b) => b.ms - a.ms).slice(0, 8);
  log(
    `${long.length} gaps over ${Math.round((3 * 1000) / RATE)} ms, ${(lost / 1000).toFixed(1)} s beyond one interval; longest: ${worst.map((g) => `${Math.round(g.ms)} ms at +${(g.at / 1000).toFixed(1)} s`).join(", ")}`,
  );
}

/** True once `count` has not grown for `ms`. */
function stallWatch(count: () => number, ms = 30_000): () => boolean {
  let last = count();
  let since = Date.now();
  return () => {
    const n = count();
    if (n !== last) [last, since] = [n, Date.now()];
    return n > 0 && Date.now() - since > ms;
  };
}

async function until(check: () => boolean | Promise<boolean>, what: string, ceilingMs = SETTLE_CEILING_MS, everyMs = 100): Promise<void> {
  const end = Date.now() + ceilingMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(everyMs);
  }
}

async function main(): Promise<void> {
  const fake = await startFakeTelegram({ rateLimits: { perSecond: RATE, perChatPerSecond: 1, perChatBurst: 3 } });
  const load = os
    .loadavg()
    .map((x) => x.toFixed(2))
    .join(" ");
  try {
    const results: Outcome[] = [];
    if (RUNS.includes("clean")) results.push(await runProduct(fake, "clean", 10_000_000));
    if (RUNS.includes("crash")) results.push(await runProduct(fake, "crash", 20_000_000));
    if (RUNS.includes("naive")) results.push(await runNaive(fake, 30_000_000));
    console.log(
      `\n${machineLine(BASE ? "PostgreSQL" : "PGlite (on disk)")}; load average before: ${load}; after: ${os
        .loadavg()
        .map((x) => x.toFixed(2))
        .join(" ")}`,
    );
    console.log(`${new Date().toISOString()}, ${N} recipients, allowed rate ${RATE}/s\n`);
    console.log(
      "| run | sent | achieved / allowed rate | seconds | duplicates | never received | recorded failed (given up) | lost (neither) | 429s | crisis reply |",
    );
    console.log(
      "| --- | ---- | ----------------------- | ------- | ---------- | -------------- | -------------------------- | -------------- | ---- | ------------ |",
    );
    for (const r of results) {
      const crisis = r.crisisMs !== undefined ? `${r.crisisMs} ms` : "—";
      const name = r.kills ? `${r.name} (kill -9 at ${r.kills.join(", ")} sent)` : r.name;
      console.log(
        `| ${name} | ${r.sent} | ${r.rate.toFixed(3)} | ${r.seconds.toFixed(1)} | ${r.duplicates} | ${r.missed} | ${r.givenUp} | ${r.lost} | ${r.rateLimited} | ${crisis} |`,
      );
    }
  } finally {
    await fake.close();
  }
}

await main();
