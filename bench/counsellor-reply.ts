// Time for a counsellor's reply to reach the person: from the console's reply POST leaving the browser
// stand-in to the reply's sendMessage arriving at the (fake) Telegram Bot API, median over 200 replies.
// Reference in the same run: GET /healthz. Run: npm run bench:reply   (BENCH_DATABASE_URL for PostgreSQL)
import os from "node:os";
import { randomBytes } from "node:crypto";
import pg from "pg";
import { startApp } from "../src/app.ts";
import { hashPassword } from "../src/console/auth/password.ts";
import { loadSecrets } from "../src/config/secrets.ts";
import { createSealer } from "../src/shared/crypto/sealer.ts";
import { silentLogger } from "../src/shared/logging/logger.ts";
import { createConsoleStore } from "../src/store/console-store.ts";
import { startFakeTelegram } from "../test/fakes/telegram-bot-api.ts";
import { ConsoleClient } from "../test/console/console-client.ts";

const N = Number(process.env.BENCH_REPLIES ?? 200);
const now = () => performance.timeOrigin + performance.now();
const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b);
const pct = (xs: number[], p: number) => sorted(xs)[Math.min(xs.length - 1, Math.floor(xs.length * p))]!;

async function freshPostgres(base: string) {
  const name = `kna_bench_${randomBytes(4).toString("hex")}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(base);
  url.pathname = `/${name}`;
  const drop = async () => {
    const c = new pg.Client({ connectionString: base });
    await c.connect();
    await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await c.end();
  };
  return { url: url.toString(), drop };
}

const fake = await startFakeTelegram();
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
    TELEGRAM_BOT_TOKEN: fake.token,
    TELEGRAM_API_ROOT: fake.apiRoot,
    ...(fresh ? { DATABASE_URL: fresh.url } : {}),
  },
  { logger: silentLogger() },
);
const url = `http://127.0.0.1:${app.port}`;
try {
  const secrets = loadSecrets(app.env, silentLogger());
  const staffStore = createConsoleStore(app.db.prisma, createSealer(secrets.ring, secrets.hmacKey));
  await staffStore.createStaff({ email: "bench@example.org", displayName: "Bench", role: "counsellor", passwordHash: await hashPassword("bench password long"), provinceCodes: [1] });
  const { person } = await app.store.findOrCreatePerson({ channel: "telegram", externalId: "900100", locale: "vi" });
  const kase = await app.store.createCase({ personId: person.id, subject: "child", concern: "drug_use", urgency: "week", provinceCode: 1, wardCode: null, priority: 1, dangerFlags: [], locale: "vi", channel: "telegram" });
  const c = new ConsoleClient(url);
  await c.login("bench@example.org", "bench password long");
  await c.get(`/console/cases/${kase.handle}`);
  await c.post(`/console/cases/${kase.handle}/claim`);

  const toSend: number[] = [];
  const roundTrip: number[] = [];
  for (let i = 0; i < N + 5; i++) {
    const marker = `mốc-${i}-${randomBytes(3).toString("hex")}`;
    const t0 = now();
    const arrived = fake.waitForCall("sendMessage", (call) => String(call.params.text ?? "").includes(marker), 10_000);
    const res = await c.post(`/console/cases/${kase.handle}/reply`, { text: `Chị cứ nhắn khi cần. ${marker}` });
    const t1 = now();
    if (res.status !== 303) throw new Error(`reply POST answered ${res.status}`);
    const call = await arrived;
    if (i >= 5) {
      toSend.push(call.at - t0);
      roundTrip.push(t1 - t0);
    }
  }
  const ref: number[] = [];
  for (let i = 0; i < 200; i++) {
    const t = now();
    await (await fetch(`${url}/healthz`)).text();
    ref.push(now() - t);
  }
  console.log(`machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? "cpu"}, node ${process.version}, ${new Date().toISOString().slice(0, 10)}, database ${app.db.kind}`);
  console.log(`counsellor reply → Telegram sendMessage: n=${toSend.length}, median ${pct(toSend, 0.5).toFixed(2)} ms, p95 ${pct(toSend, 0.95).toFixed(2)} ms, p99 ${pct(toSend, 0.99).toFixed(2)} ms`);
  console.log(`reply POST round trip (redirect back): median ${pct(roundTrip, 0.5).toFixed(2)} ms`);
  console.log(`reference GET /healthz: median ${pct(ref, 0.5).toFixed(2)} ms; ratio ${(pct(toSend, 0.5) / pct(ref, 0.5)).toFixed(1)}×`);
} finally {
  await app.stop();
  await fake.close();
  await fresh?.drop();
}
