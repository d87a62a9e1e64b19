// Cost of one intake message end to end: an HTTP POST to the web chat through the conversation
// engine (dedupe, state, triage, flow, encrypted store writes) until the replies are recorded.
// Reference in the same run: GET /healthz on the same server (HTTP + one database round trip), so the
// result is also reported as a ratio that travels between machines.
// Run: npm run bench            (PGlite)      BENCH_DATABASE_URL=postgresql://… npm run bench   (PostgreSQL)
import os from "node:os";
import { randomBytes } from "node:crypto";
import pg from "pg";
import { startApp } from "../src/app.ts";
import { silentLogger } from "../src/shared/logging/logger.ts";
import { WebChatClient } from "../test/helpers/webchat-client.ts";

const N = Number(process.env.BENCH_MESSAGES ?? 1000);

async function freshPostgres(base: string): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `kna_bench_${randomBytes(4).toString("hex")}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(base);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const c = new pg.Client({ connectionString: base });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const p99 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length * 0.99)]!;

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const t = performance.now();
  await fn();
  return performance.now() - t;
}

/** One intake: person answers subject, concern, urgency, skips area, writes a story, sends → 6 messages. */
async function oneIntake(url: string, samples: number[]): Promise<void> {
  const c = new WebChatClient(url);
  await c.open();
  await c.start();
  await c.tap("vi");
  await c.tap("intake");
  for (const text of ["con toi", "ma tuy", "3", "khong muon noi", "Con tôi dạo này hay đi đêm, tôi lo lắm.", "gui yeu cau"]) {
    samples.push(await timed(() => c.say(text)));
  }
}

async function main() {
  const pgBase = process.env.BENCH_DATABASE_URL;
  const fresh = pgBase ? await freshPostgres(pgBase) : undefined;
  const app = await startApp(
    {
      PORT: "0",
      HOST: "127.0.0.1",
      DATA_DIR: ":memory:",
      LOG_LEVEL: "silent",
      ENCRYPTION_KEY: randomBytes(32).toString("base64"),
      HMAC_KEY: randomBytes(32).toString("base64"),
      ...(fresh ? { DATABASE_URL: fresh.url } : {}),
    },
    { logger: silentLogger() },
  );
  const url = `http://127.0.0.1:${app.port}`;
  try {
    const warm: number[] = [];
    await oneIntake(url, warm);
    const samples: number[] = [];
    while (samples.length < N) await oneIntake(url, samples);
    const ref: number[] = [];
    for (let i = 0; i < 300; i++) ref.push(await timed(() => fetch(`${url}/healthz`).then((r) => r.text())));
    const m = median(samples.slice(0, N));
    const r = median(ref);
    const cpu = os.cpus()[0]?.model ?? "unknown cpu";
    console.log(`machine: ${os.cpus().length} × ${cpu}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, node ${process.version}, ${new Date().toISOString().slice(0, 10)}`);
    console.log(`database: ${app.db.kind}`);
    console.log(`intake messages: n=${N}, median ${m.toFixed(2)} ms, p99 ${p99(samples.slice(0, N)).toFixed(2)} ms`);
    console.log(`reference GET /healthz: median ${r.toFixed(2)} ms`);
    console.log(`ratio (intake message / healthz): ${(m / r).toFixed(1)}×`);
  } finally {
    await app.stop();
    await fresh?.drop();
  }
}

await main();
