// A duplicate storm (issue 14: "the same update 1,000 times at concurrency 50 … in under 5 s"): one web
// chat message, handled, then posted BENCH_REPEATS more times (default 1,000) by BENCH_CONCURRENCY workers
// (default 50) through the whole app. Reports the storm's wall time, throughput and answers; the behaviour
// itself is asserted by test/integration/duplicate-storm.test.ts.
// Run: npm run bench:duplicates   (PGlite)   BENCH_DATABASE_URL=postgresql://… npm run bench:duplicates   (PostgreSQL)
import { duplicateStorm } from "../test/helpers/duplicate-storm.ts";
import { healthzMedian, machineLine, startBenchApp } from "./support.ts";

const REPEATS = Number(process.env.BENCH_REPEATS ?? 1000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 50);

const bench = await startBenchApp();
try {
  await duplicateStorm(bench.url, { repeats: 50, concurrency: 10 }); // warm-up
  const cpu0 = process.cpuUsage();
  const storm = await duplicateStorm(bench.url, { repeats: REPEATS, concurrency: CONCURRENCY });
  const cpu = process.cpuUsage(cpu0);
  const duplicates = storm.repeats.filter((r) => r.status === 200 && r.duplicate === true).length;
  const inbound = await bench.app.db.prisma.message.count({ where: { direction: "inbound", channelMessageId: storm.clientId } });
  const r = await healthzMedian(bench.url, 300);
  console.log(machineLine(bench.app.db.kind));
  console.log(
    `duplicate storm: ${REPEATS} repeats at concurrency ${CONCURRENCY} in ${(storm.stormMs / 1000).toFixed(2)} s (${Math.round((REPEATS / storm.stormMs) * 1000)}/s)`,
  );
  console.log(`answers: ${duplicates} × 200 duplicate:true, first ${JSON.stringify(storm.first)}, inbound rows ${inbound}`);
  console.log(
    `app CPU during the storm: ${((cpu.user + cpu.system) / 1000).toFixed(0)} ms (${((cpu.user + cpu.system) / 1000 / REPEATS).toFixed(2)} ms per repeat, client included)`,
  );
  console.log(`reference GET /healthz: median ${r.toFixed(2)} ms`);
} finally {
  await bench.stop();
}
