// Shared by the benchmarks: start the whole app on a fresh database (embedded in memory, or a fresh
// PostgreSQL database next to BENCH_DATABASE_URL, dropped at stop), percentiles, and the machine line.
import os from "node:os";
import { randomBytes } from "node:crypto";
import pg from "pg";
import { startApp, type RunningApp } from "../src/app.ts";
import { silentLogger } from "../src/shared/logging/logger.ts";

export interface BenchApp {
  app: RunningApp;
  url: string;
  stop(): Promise<void>;
}

async function adminQuery(base: string, sql: string): Promise<void> {
  const c = new pg.Client({ connectionString: base });
  await c.connect();
  await c.query(sql);
  await c.end();
}

export async function startBenchApp(env: Record<string, string> = {}): Promise<BenchApp> {
  const base = process.env.BENCH_DATABASE_URL;
  const name = `kna_bench_${randomBytes(4).toString("hex")}`;
  let databaseUrl: string | undefined;
  if (base) {
    await adminQuery(base, `CREATE DATABASE ${name}`);
    const url = new URL(base);
    url.pathname = `/${name}`;
    databaseUrl = url.toString();
  }
  const app = await startApp(
    {
      PORT: "0",
      HOST: "127.0.0.1",
      DATA_DIR: ":memory:",
      LOG_LEVEL: "silent",
      ENCRYPTION_KEY: randomBytes(32).toString("base64"),
      HMAC_KEY: randomBytes(32).toString("base64"),
      ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
      ...env,
    },
    { logger: silentLogger() },
  );
  return {
    app,
    url: `http://127.0.0.1:${app.port}`,
    async stop() {
      await app.stop();
      if (base) await adminQuery(base, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    },
  };
}

/** Epoch milliseconds with sub-millisecond precision (comparable with the fakes' call times). */
export const now = (): number => performance.timeOrigin + performance.now();

export function percentile(xs: number[], p: number): number {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]!;
}

export async function timed(fn: () => Promise<unknown>): Promise<number> {
  const t = now();
  await fn();
  return now() - t;
}

/** Median of GET /healthz: HTTP plus one database round trip, the in-run reference. */
export async function healthzMedian(url: string, n = 200): Promise<number> {
  const samples: number[] = [];
  for (let i = 0; i < n; i++) samples.push(await timed(() => fetch(`${url}/healthz`).then((r) => r.text())));
  return percentile(samples, 0.5);
}

export function machineLine(database: string): string {
  return `machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? "cpu"}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, node ${process.version}, ${new Date().toISOString().slice(0, 10)}, database ${database}`;
}
