// Time for a counsellor's reply to reach the person: from the console's reply POST leaving the browser
// stand-in to the reply's sendMessage arriving at the (fake) Telegram Bot API, median over 200 replies.
// Reference in the same run: GET /healthz. Run: npm run bench:reply   (BENCH_DATABASE_URL for PostgreSQL)
import { randomBytes } from "node:crypto";
import { hashPassword } from "../src/core/staff/password.ts";
import { startFakeTelegram } from "../test/fakes/telegram-bot-api.ts";
import { ConsoleClient } from "../test/console/console-client.ts";
import { healthzMedian, machineLine, now, percentile as pct, startBenchApp } from "./support.ts";

const N = Number(process.env.BENCH_REPLIES ?? 200);

const fake = await startFakeTelegram();
const bench = await startBenchApp({ TELEGRAM_BOT_TOKEN: fake.token, TELEGRAM_API_ROOT: fake.apiRoot });
const { app, url } = bench;
try {
  const stores = app.stores;
  await stores.staff.createStaff({
    email: "bench@example.org",
    displayName: "Bench",
    role: "counsellor",
    passwordHash: await hashPassword("bench password long"),
    provinceCodes: [1],
  });
  const { person } = await app.stores.people.findOrCreatePerson({ channel: "telegram", externalId: "900100", locale: "vi" });
  const kase = await app.stores.cases.createCase({
    personId: person.id,
    subject: "child",
    concern: "drug_use",
    urgency: "week",
    provinceCode: 1,
    wardCode: null,
    priority: 1,
    dangerFlags: [],
    locale: "vi",
    channel: "telegram",
  });
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
  const ref = await healthzMedian(url);
  console.log(machineLine(app.db.kind));
  console.log(
    `counsellor reply → Telegram sendMessage: n=${toSend.length}, median ${pct(toSend, 0.5).toFixed(2)} ms, p95 ${pct(toSend, 0.95).toFixed(2)} ms, p99 ${pct(toSend, 0.99).toFixed(2)} ms`,
  );
  console.log(`reply POST round trip (redirect back): median ${pct(roundTrip, 0.5).toFixed(2)} ms`);
  console.log(`reference GET /healthz: median ${ref.toFixed(2)} ms; ratio ${(pct(toSend, 0.5) / ref).toFixed(1)}×`);
} finally {
  await bench.stop();
  await fake.close();
}
