// Cost of one intake message end to end: an HTTP POST to the web chat through the conversation
// engine (dedupe, state, triage, flow, encrypted store writes) until the replies are recorded.
// Reference in the same run: GET /healthz on the same server (HTTP + one database round trip), so the
// result is also reported as a ratio that travels between machines.
// Run: npm run bench            (PGlite)      BENCH_DATABASE_URL=postgresql://… npm run bench   (PostgreSQL)
import { WebChatClient } from "../test/helpers/webchat-client.ts";
import { healthzMedian, machineLine, percentile, startBenchApp, timed } from "./support.ts";

const N = Number(process.env.BENCH_MESSAGES ?? 1000);

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

const bench = await startBenchApp();
try {
  await oneIntake(bench.url, []); // warm-up
  const samples: number[] = [];
  while (samples.length < N) await oneIntake(bench.url, samples);
  const taken = samples.slice(0, N);
  const m = percentile(taken, 0.5);
  const r = await healthzMedian(bench.url, 300);
  console.log(machineLine(bench.app.db.kind));
  console.log(`intake messages: n=${N}, median ${m.toFixed(2)} ms, p99 ${percentile(taken, 0.99).toFixed(2)} ms`);
  console.log(`reference GET /healthz: median ${r.toFixed(2)} ms`);
  console.log(`ratio (intake message / healthz): ${(m / r).toFixed(1)}×`);
} finally {
  await bench.stop();
}
