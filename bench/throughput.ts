// Throughput, CPU, memory and latency of the product against a bare grammY echo bot (issue 14), in one
// run, against the same fake Telegram Bot API on loopback; on PostgreSQL also against the "durable floor",
// the echo bot keeping only issue 14's storage rules (throughput/durable-echo-bot.ts), so what those
// rules cost by themselves is told apart from what the product adds. Each runs in its own child process in webhook
// mode; the product on a fresh database (PGlite: a new data directory on disk, as `npm start` keeps it). For each: closed-loop throughput at concurrency 100 (people
// walking a text script, one message in flight per person), CPU per update (utime + stime from
// /proc/<pid>/stat), peak RSS (VmRSS sampled every 100 ms), p50/p99 from the POST to the reply's
// sendMessage at an offered (open-loop) 100 updates/s, run before the closed loop; on PostgreSQL also transactions per update
// (pg_stat_database.xact_commit, minus an idle baseline over the same time: pg-boss) and statements per
// update by connection and kind (a counting preload, bench/throughput/sql-count.ts).
// Run: npm run bench:throughput     BENCH_DATABASE_URL=postgresql://… for PostgreSQL (else PGlite in memory)
//      --profile: CPU profile of the product during the closed loop, summarised by package (self time);
//      --profile=open: during the open loop instead
//      --no-floor: without the durable floor (a minute and a half shorter)
//      BENCH_PRODUCT_FLAGS: more Node flags for the product (an experiment, e.g. GC settings), after its own
//      BENCH_SECONDS (closed loop, 20), BENCH_OPEN_SECONDS (15), BENCH_RATE (100), BENCH_CONCURRENCY (100)
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { randomBytes } from "node:crypto";
import pg from "pg";
import { startFakeTelegram } from "../test/fakes/telegram-bot-api.ts";
import { freePort } from "../test/helpers/free-port.ts";
import { deriveWebhookSecret } from "../src/channels/telegram/webhook-app.ts";
import { closedLoop, openLoop, People, type Target } from "./throughput/load.ts";
import { cpuMs, cpuSplitMs, postgresCpuMs, rssMb, rssSampler, spawnChild, summariseAllocations, summariseProfile, type Child } from "./throughput/proc.ts";
import { startProfiling } from "./throughput/inspector.ts";
import { percentile } from "./support.ts";
import { report, type Measured } from "./throughput/report.ts";

const ROOT = path.resolve(import.meta.dirname, "..");
/** Another checkout of the product to measure (an A/B against an older commit); default this one. */
const PRODUCT_ROOT = process.env.BENCH_PRODUCT_ROOT ?? ROOT;
/**
 * The environment, Node's flags and preloaded modules from the product's `npm start` (`VAR=value … node
 * --flag … --import …`: the allocator's arenas, the young generation's size, the TypeScript loader), so it
 * runs as started.
 */
const startWords: string[] = JSON.parse(fs.readFileSync(path.join(PRODUCT_ROOT, "package.json"), "utf8")).scripts.start.split(" ");
const START_ENV = Object.fromEntries(
  startWords.slice(0, startWords.indexOf("node")).flatMap((w) => (/^[A-Z_]+=\S*$/.test(w) ? [[w.slice(0, w.indexOf("=")), w.slice(w.indexOf("=") + 1)]] : [])),
);
const START_FLAGS = startWords.includes("node") ? startWords.filter((a) => /^--(max|heap)-/.test(a)) : [];
/** The modules it preloads (`--import …`: the loader that runs its TypeScript), each as `--import <path>`. */
const START_IMPORTS = startWords.flatMap((w, i) => (startWords[i - 1] === "--import" ? ["--import", w.startsWith(".") ? path.join(PRODUCT_ROOT, w) : w] : []));
const SECONDS = Number(process.env.BENCH_SECONDS ?? 20);
const OPEN_SECONDS = Number(process.env.BENCH_OPEN_SECONDS ?? 15);
const RATE = Number(process.env.BENCH_RATE ?? 100);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 100);
/** --profile: the closed loop; --profile=open: the open loop, where the product is not short of CPU, so
 * fewer samples land on a system call the process was descheduled in (the profiler samples wall time). */
const PROFILE_ARG = process.argv.find((a) => a === "--profile" || a.startsWith("--profile="));
const PROFILE = PROFILE_ARG === undefined ? undefined : PROFILE_ARG === "--profile=open" ? "open" : "closed";
/** --allocations: where the product's garbage is made during the closed loop (sampling heap profiler). */
const ALLOCATIONS = process.argv.includes("--allocations");
const BASE = process.env.BENCH_DATABASE_URL;
/** --no-floor: leave out the durable floor (bench/throughput/durable-echo-bot.ts), a run of its own. */
const SKIP_FLOOR = process.argv.includes("--no-floor");
/** PostgreSQL flushes a busy backend's statistics when it has been idle for a while (PGSTAT_IDLE_INTERVAL, 10 s). */
const STATS_SETTLE_MS = 11_000;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function xactCommits(db: string): Promise<number> {
  const c = new pg.Client({ connectionString: BASE });
  await c.connect();
  const { rows } = await c.query<{ n: string }>("SELECT xact_commit::text AS n FROM pg_stat_database WHERE datname = $1", [db]);
  await c.end();
  return Number(rows[0]?.n ?? 0);
}

const readCounts = (file: string): Record<string, number> => (fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, "utf8")) as Record<string, number>) : {});

async function measure(
  name: string,
  child: Child,
  target: Target,
  fake: Awaited<ReturnType<typeof startFakeTelegram>>,
  firstChat: number,
  /** The product's database; `countFile`: its statement counts (bench/throughput/sql-count.ts), when it has them. */
  db?: { name: string; countFile?: string },
  metricsUrl?: string,
): Promise<Measured> {
  const people = new People(firstChat);
  const rss = rssSampler(child.pid);
  console.error(`[${name}] warm-up`);
  await closedLoop(target, people, { concurrency: 20, seconds: 5, peoplePerWorker: 5 });
  // Idle baseline: CPU (and, on PostgreSQL, transactions) with no load, over the closed loop's duration.
  console.error(`[${name}] idle baseline ${SECONDS} s`);
  const idleCpu0 = cpuMs(child.pid);
  const idleX0 = db ? await xactCommits(db.name) : 0;
  const idleT0 = Date.now();
  await sleep(SECONDS * 1000);
  const idleCpuPerSecond = ((cpuMs(child.pid) - idleCpu0) / (Date.now() - idleT0)) * 1000;
  const idleXactPerMs = db ? ((await xactCommits(db.name)) - idleX0) / (Date.now() - idleT0) : 0;

  // The open loop before the closed one: its latency and memory are those of a process at that load, not
  // of one still digesting a closed loop at several times the rate (a heap grown there stays grown).
  console.error(`[${name}] open loop: ${RATE} updates/s offered, ${OPEN_SECONDS} s`);
  rss.reset();
  const openProfiler = PROFILE === "open" && name === "product" ? await startProfiling(child.stderr()) : undefined;
  const open = await openLoop(target, people, fake, { rate: RATE, seconds: OPEN_SECONDS, population: 2_000, firstChat: firstChat + 100_000 });
  const peakRssOpen = rss.peak();
  const openProfile = openProfiler ? await openProfiler.stop(fs.mkdtempSync(path.join(os.tmpdir(), "kna-prof-"))) : undefined;
  if (db) await sleep(STATS_SETTLE_MS); // its last sends and statistics out of the closed loop's window

  console.error(`[${name}] closed loop: concurrency ${CONCURRENCY}, ${SECONDS} s`);
  const counts0 = db?.countFile ? readCounts(db.countFile) : {};
  const x0 = db ? await xactCommits(db.name) : 0;
  const xT0 = Date.now();
  const cpu0 = cpuSplitMs(child.pid);
  const db0 = db ? postgresCpuMs() : null;
  const self0 = process.cpuUsage();
  rss.reset();
  const profiler = PROFILE === "closed" && name === "product" ? await startProfiling(child.stderr()) : undefined;
  const allocations = ALLOCATIONS && name === "product" ? await startProfiling(child.stderr(), "allocations") : undefined;
  const calls0 = fake.calls.length;
  const closed = await closedLoop(target, people, { concurrency: CONCURRENCY, seconds: SECONDS, peoplePerWorker: 10 });
  const botCalls = fake.calls.length - calls0;
  const profileFile = profiler ? await profiler.stop(fs.mkdtempSync(path.join(os.tmpdir(), "kna-prof-"))) : undefined;
  const allocationFile = allocations ? await allocations.stop(fs.mkdtempSync(path.join(os.tmpdir(), "kna-prof-"))) : undefined;
  const cpu1 = cpuSplitMs(child.pid);
  const cpu = cpu1.user + cpu1.system - cpu0.user - cpu0.system;
  const kernelShare = (cpu1.system - cpu0.system) / cpu;
  const db1 = db0 === null ? null : postgresCpuMs();
  const self = process.cpuUsage(self0);
  const harnessCpuPerUpdate = (self.user + self.system) / 1000 / closed.updates;
  const peakRssClosed = rss.peak();
  const memory = metricsUrl ? await memoryBreakdown(metricsUrl, child.pid) : undefined;
  await sleep(1_200);
  const counts1 = db?.countFile ? readCounts(db.countFile) : {};
  let xactPerUpdate: number | undefined;
  if (db) {
    await sleep(STATS_SETTLE_MS);
    xactPerUpdate = ((await xactCommits(db.name)) - x0 - idleXactPerMs * (Date.now() - xT0)) / closed.updates;
  }
  rss.stop();
  const statements = db?.countFile
    ? Object.fromEntries(
        Object.keys(counts1)
          .map((k) => [k, ((counts1[k] ?? 0) - (counts0[k] ?? 0)) / closed.updates] as const)
          .filter(([, v]) => v > 0.005)
          .sort((a, b) => b[1] - a[1]),
      )
    : undefined;
  return {
    throughput: (closed.updates / closed.wallMs) * 1000,
    closedFailures: closed.failures,
    roundTripP50: percentile(closed.roundTrips, 0.5),
    cpuPerUpdate: cpu / closed.updates,
    botCallsPerUpdate: botCalls / closed.updates,
    kernelShare,
    ...(db0 !== null && db1 !== null ? { dbCpuPerUpdate: (db1 - db0) / closed.updates } : {}),
    harnessCpuPerUpdate,
    idleCpuPerSecond,
    peakRssClosed,
    peakRssOpen,
    p50: percentile(open.latencies, 0.5),
    p99: percentile(open.latencies, 0.99),
    open: {
      offered: open.offered,
      answered: open.answered,
      failures: open.failures,
      overruns: open.overruns,
      replies: open.latencies.length,
      statuses: JSON.stringify(open.statuses),
    },
    xactPerUpdate,
    statements,
    memory,
    profile: profileFile ? summariseProfile(profileFile) : openProfile ? summariseProfile(openProfile) : undefined,
    allocations: allocationFile ? { ...summariseAllocations(allocationFile), updates: closed.updates, file: allocationFile } : undefined,
  };
}

/** Where the resident memory is at this moment: V8's heap spaces and external memory (prom-client's default metrics). */
async function memoryBreakdown(url: string, pid: number): Promise<Record<string, number>> {
  const text = await (await fetch(url)).text();
  const mb = (re: RegExp): number => Number(re.exec(text)?.[1] ?? Number.NaN) / 2 ** 20;
  const space = (name: string) => mb(new RegExp(`^nodejs_heap_space_size_total_bytes\\{space="${name}"\\} (\\d+)`, "m"));
  const heap = mb(/^nodejs_heap_size_total_bytes (\d+)/m);
  const external = mb(/^nodejs_external_memory_bytes (\d+)/m);
  const rss = rssMb(pid);
  return {
    rss,
    "heap used": mb(/^nodejs_heap_size_used_bytes (\d+)/m),
    "heap total": heap,
    "old space": space("old"),
    "new space": space("new"),
    "code space": space("code"),
    "large objects": space("large_object"),
    external,
    "rest (code, stacks, Wasm, allocator, threads)": rss - heap - external,
  };
}

async function admin(sql: string): Promise<void> {
  const c = new pg.Client({ connectionString: BASE });
  await c.connect();
  await c.query(sql);
  await c.end();
}

const fake = await startFakeTelegram();
const secret = deriveWebhookSecret(fake.token);
const dbName = `kna_tput_${randomBytes(4).toString("hex")}`;
const countFile = path.join(os.tmpdir(), `${dbName}-sql.json`);
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "kna-tput-data-"));
const floorDbName = `${dbName}_floor`;
let echoChild: Child | undefined;
let floorChild: Child | undefined;
let productChild: Child | undefined;
try {
  const echoPort = await freePort();
  echoChild = await spawnChild(
    [...START_IMPORTS, "bench/throughput/echo-bot.ts"],
    { TELEGRAM_BOT_TOKEN: fake.token, TELEGRAM_API_ROOT: fake.apiRoot, PORT: String(echoPort), WEBHOOK_SECRET: secret },
    ROOT,
  );
  const echo = await measure("echo", echoChild, { url: `http://127.0.0.1:${echoPort}/`, secret }, fake, 700_000_000);
  await echoChild.stop();

  const urlOf = (name: string): string => {
    const url = new URL(BASE!);
    url.pathname = `/${name}`;
    return url.toString();
  };
  // The durable floor (PostgreSQL only): the echo bot keeping issue 14's storage rules and nothing else.
  let floor: Measured | undefined;
  if (BASE && !SKIP_FLOOR) {
    await admin(`CREATE DATABASE ${floorDbName}`);
    const floorPort = await freePort();
    floorChild = await spawnChild(
      [...START_IMPORTS, "bench/throughput/durable-echo-bot.ts"],
      { TELEGRAM_BOT_TOKEN: fake.token, TELEGRAM_API_ROOT: fake.apiRoot, PORT: String(floorPort), WEBHOOK_SECRET: secret, DATABASE_URL: urlOf(floorDbName) },
      ROOT,
    );
    floor = await measure("floor", floorChild, { url: `http://127.0.0.1:${floorPort}/`, secret }, fake, 750_000_000, { name: floorDbName });
    await floorChild.stop();
  }

  let databaseUrl: string | undefined;
  if (BASE) {
    await admin(`CREATE DATABASE ${dbName}`);
    databaseUrl = urlOf(dbName);
  }
  const port = await freePort();
  productChild = await spawnChild(
    [
      ...(PROFILE || ALLOCATIONS ? ["--inspect=127.0.0.1:0"] : []),
      ...START_FLAGS,
      ...(process.env.BENCH_PRODUCT_FLAGS?.split(" ").filter(Boolean) ?? []),
      ...START_IMPORTS,
      ...(BASE ? ["--import", path.join(ROOT, "bench/throughput/sql-count.ts")] : []),
      "src/main.ts",
    ],
    {
      ...START_ENV,
      NODE_ENV: "production",
      HOST: "127.0.0.1",
      PORT: String(port),
      LOG_LEVEL: "info",
      // PGlite in a fresh directory on disk, as `npm start` keeps it (in memory its files would count in RSS too).
      DATA_DIR: dataDir,
      ENCRYPTION_KEY: randomBytes(32).toString("base64"),
      HMAC_KEY: randomBytes(32).toString("base64"),
      TELEGRAM_BOT_TOKEN: fake.token,
      TELEGRAM_API_ROOT: fake.apiRoot,
      // The fake enforces no limits here, as for the echo bot: lift the product's to match, or its send
      // budget (Telegram's 30 a second for the whole bot, 1 a second per chat) is what this measures. The
      // budget still books every send, so its statements and CPU are counted.
      SEND_TELEGRAM_PER_SECOND: "10000",
      SEND_TELEGRAM_PER_CHAT_PER_SECOND: "10000",
      SEND_TELEGRAM_PER_CHAT_BURST: "100",
      PUBLIC_URL: `http://127.0.0.1:${port}`,
      ...(databaseUrl ? { DATABASE_URL: databaseUrl, BENCH_SQL_COUNT_FILE: countFile } : {}),
    },
    PRODUCT_ROOT,
  );
  const product = await measure(
    "product",
    productChild,
    { url: `http://127.0.0.1:${port}/webhooks/telegram`, secret },
    fake,
    800_000_000,
    BASE ? { name: dbName, countFile } : undefined,
    `http://127.0.0.1:${port}/metrics`,
  );
  console.log(
    report(
      echo,
      product,
      {
        concurrency: CONCURRENCY,
        rate: RATE,
        seconds: SECONDS,
        openSeconds: OPEN_SECONDS,
        postgres: Boolean(BASE),
        productRoot: PRODUCT_ROOT !== ROOT ? PRODUCT_ROOT : undefined,
        profiled: PROFILE,
      },
      floor,
    ),
  );
} finally {
  await echoChild?.stop();
  await floorChild?.stop();
  await productChild?.stop();
  await fake.close();
  if (BASE) await admin(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
  if (BASE) await admin(`DROP DATABASE IF EXISTS ${floorDbName} WITH (FORCE)`);
  fs.rmSync(countFile, { force: true });
  fs.rmSync(dataDir, { recursive: true, force: true });
}
