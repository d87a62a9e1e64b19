// What a test file pays to start the whole app on PGlite: startTestApp from the migrated template
// (test/helpers/pglite-template.ts) against the production path (initdb, every migration, the pg-boss
// schema), alternating, median wall time and CPU (this process, worker threads included) per start.
// Run: npx tsx bench/test-app-start.ts   (BENCH_STARTS, default 5 of each)
import { pgliteTemplate } from "../test/helpers/pglite-template.ts";
import { startTestApp } from "../test/helpers/start-app.ts";
import { machineLine, percentile } from "./support.ts";

const N = Number(process.env.BENCH_STARTS ?? 5);

async function oneStart(template: boolean): Promise<{ wall: number; cpu: number }> {
  const wall = performance.now();
  const cpu = process.cpuUsage();
  const app = await startTestApp(template ? {} : { pgliteTemplate: undefined });
  const used = process.cpuUsage(cpu);
  const result = { wall: performance.now() - wall, cpu: (used.user + used.system) / 1000 };
  await app.stop();
  return result;
}

await pgliteTemplate(); // built or found once, outside the timings (vitest's globalSetup does this)
await (await startTestApp()).stop(); // warm-up: module loading and the first wasm compile are not measured
const runs = { template: [] as Array<{ wall: number; cpu: number }>, migrate: [] as Array<{ wall: number; cpu: number }> };
for (let i = 0; i < N; i++) {
  runs.migrate.push(await oneStart(false));
  runs.template.push(await oneStart(true));
}
const median = (xs: Array<{ wall: number; cpu: number }>, key: "wall" | "cpu") =>
  percentile(
    xs.map((x) => x[key]),
    0.5,
  );
console.log(machineLine("PGlite (in memory)"));
for (const [name, xs] of Object.entries(runs)) {
  console.log(`${name.padEnd(9)} median ${median(xs, "wall").toFixed(0)} ms wall, ${median(xs, "cpu").toFixed(0)} ms CPU per start (${N} starts)`);
}
console.log(
  `ratio migrate/template: ${(median(runs.migrate, "wall") / median(runs.template, "wall")).toFixed(1)}× wall, ${(median(runs.migrate, "cpu") / median(runs.template, "cpu")).toFixed(1)}× CPU`,
);
