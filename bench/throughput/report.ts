// The table bench/throughput.ts prints: the echo bot and the product side by side, ratios, PASS/FAIL
// against issue 14's goals, statements per update and the profile summary.
import os from "node:os";

export interface Measured {
  throughput: number;
  closedFailures: number;
  roundTripP50: number;
  cpuPerUpdate: number;
  /** Of the app's CPU, the share spent in the kernel (stime: socket writes and reads, loopback TCP). */
  kernelShare: number;
  /** PostgreSQL's processes on this machine, per update in the closed loop. */
  dbCpuPerUpdate?: number;
  /** This process (load generator and fake Bot API), per update in the closed loop. */
  harnessCpuPerUpdate: number;
  idleCpuPerSecond: number;
  peakRssClosed: number;
  peakRssOpen: number;
  p50: number;
  p99: number;
  open: { offered: number; answered: number; failures: number; overruns: number; replies: number; statuses: string };
  xactPerUpdate?: number;
  statements?: Record<string, number>;
  /** Bot API calls (sendMessage and the rest) the closed loop caused, per update. */
  botCallsPerUpdate: number;
  /** MB, at the end of the closed loop (the product only: its /metrics). */
  memory?: Record<string, number>;
  profile?: Array<{ bucket: string; ms: number; share: number }>;
  /** --allocations: sampled bytes allocated during the closed loop, by where (proc.ts summariseAllocations). */
  allocations?: {
    totalMb: number;
    updates: number;
    file: string;
    buckets: Allocation[];
    functions: Allocation[];
    ownTotal: Allocation[];
  };
}

type Allocation = { where: string; mb: number; share: number };

export interface ReportOptions {
  concurrency: number;
  rate: number;
  seconds: number;
  openSeconds: number;
  postgres: boolean;
  productRoot?: string;
  profiled?: "open" | "closed";
}

const f1 = (n: number | undefined) => (n === undefined || Number.isNaN(n) ? "n/a" : n.toFixed(1));
const f2 = (n: number | undefined) => (n === undefined || Number.isNaN(n) ? "n/a" : n.toFixed(2));
const verdict = (ok: boolean | undefined) => (ok === undefined ? "n/a" : ok ? "PASS" : "FAIL");

export function report(echo: Measured, product: Measured, o: ReportOptions, floor?: Measured): string {
  const rssGoal = o.postgres ? 250 : 450;
  type Row = { measure: string; echo: string; floor?: string; product: string; ratio?: string; floorRatio?: string; goal?: string; result?: string };
  /** A measure both references have: its values, product ÷ echo and product ÷ floor. */
  const both = (
    measure: string,
    get: (m: Measured) => number | undefined,
    fmt: (n: number | undefined) => string,
    goal?: [string, (v: number) => boolean],
  ): Row => {
    const p = get(product);
    const e = get(echo);
    const fl = floor ? get(floor) : undefined;
    return {
      measure,
      echo: fmt(e),
      floor: floor ? fmt(fl) : undefined,
      product: fmt(p),
      ratio: p !== undefined && e !== undefined && e > 0 ? (p / e < 1 ? f2(p / e) : f1(p / e)) + "×" : "",
      floorRatio: p !== undefined && fl !== undefined && fl > 0 ? (p / fl < 1 ? f2(p / fl) : f1(p / fl)) + "×" : "",
      goal: goal?.[0],
      result: goal ? verdict(p === undefined ? undefined : goal[1](p)) : "",
    };
  };
  const one = (
    measure: string,
    get: (m: Measured) => number | undefined,
    fmt: (n: number | undefined) => string,
    goal?: [string, (v: number) => boolean],
  ): Row => ({
    ...both(measure, get, fmt, goal),
    echo: "",
    ratio: "",
  });
  const share = (n: number) => `${Math.round(n * 100)}%`;
  const rows: Row[] = [
    both("throughput, concurrency " + o.concurrency + " (updates/s)", (m) => m.throughput, f1, ["≥ 400", (v) => v >= 400]),
    both("app CPU per update (ms)", (m) => m.cpuPerUpdate, f2, ["≤ 5× echo", (v) => v <= 5 * echo.cpuPerUpdate]),
    {
      measure: "… of which in the kernel (stime)",
      echo: share(echo.kernelShare),
      floor: floor ? share(floor.kernelShare) : undefined,
      product: share(product.kernelShare),
    },
    both("Bot API calls per update", (m) => m.botCallsPerUpdate, f2),
    one("PostgreSQL server CPU per update (ms)", (m) => m.dbCpuPerUpdate, f2),
    both("bench's own CPU per update: load + fake Bot API (ms)", (m) => m.harnessCpuPerUpdate, f2),
    both("idle CPU (ms per s)", (m) => m.idleCpuPerSecond, f2),
    both("POST → 200, closed loop, p50 (ms)", (m) => m.roundTripP50, f1),
    both(`accept → send p50 at ${o.rate}/s (ms)`, (m) => m.p50, f1),
    both(`accept → send p99 at ${o.rate}/s (ms)`, (m) => m.p99, f1, ["< 500", (v) => v < 500]),
    both("peak RSS, closed loop (MB)", (m) => m.peakRssClosed, f1),
    both(`peak RSS at ${o.rate}/s (MB)`, (m) => m.peakRssOpen, f1, [`≤ ${rssGoal}`, (v) => v <= rssGoal]),
    { ...one("transactions per update (xact_commit − idle)", (m) => m.xactPerUpdate, f2, ["≤ 2", (v) => v <= 2]), echo: "0" },
  ];
  const columns: Array<[string, (r: Row) => string | undefined]> = [
    ["measure", (r) => r.measure],
    ["grammY echo", (r) => r.echo],
    ...(floor ? ([["durable floor", (r) => r.floor]] as Array<[string, (r: Row) => string | undefined]>) : []),
    ["product", (r) => r.product],
    ["product ÷ echo", (r) => r.ratio],
    ...(floor ? ([["product ÷ floor", (r) => r.floorRatio]] as Array<[string, (r: Row) => string | undefined]>) : []),
    ["goal", (r) => r.goal],
    ["result", (r) => r.result],
  ];
  const failures = (m: Measured | undefined, name: string) => (m ? [`${name} ${m.closedFailures}`] : []);
  const opens = (m: Measured | undefined, name: string) => (m ? [`${name} ${Object.values(m.open).join("/")}`] : []);
  const lines = [
    `throughput bench — ${new Date().toISOString()} — ${os.cpus().length} × ${os.cpus()[0]?.model ?? "cpu"}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, load average ${os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(" ")}, node ${process.version}, ${o.postgres ? "PostgreSQL" : "PGlite (data directory on disk)"}`,
    `closed loop ${o.seconds} s at concurrency ${o.concurrency} (failures: ${[...failures(echo, "echo"), ...failures(floor, "floor"), ...failures(product, "product")].join(", ")}); open loop ${o.openSeconds} s at ${o.rate}/s`,
    `open loop offered/answered/failures/overruns/replies seen/failures by status: ${[...opens(echo, "echo"), ...opens(floor, "floor"), ...opens(product, "product")].join(", ")}`,
    ...(o.productRoot ? [`product from ${o.productRoot}`] : []),
    ...(floor
      ? [
          "durable floor: the echo bot keeping only issue 14's storage rules (inbox commit before 200, one transaction per turn, outbox row), bench/throughput/durable-echo-bot.ts",
        ]
      : []),
    "",
    `| ${columns.map(([name]) => name).join(" | ")} |`,
    `|${columns.map(() => "---|").join("")}`,
    ...rows.map((r) => `| ${columns.map(([, get]) => get(r) ?? "").join(" | ")} |`),
  ];
  if (product.statements) {
    lines.push("", "Statements per update by connection and kind (closed loop; pg-boss polls included):", "");
    lines.push("| connection statement | per update |", "|---|---|", ...Object.entries(product.statements).map(([k, v]) => `| ${k} | ${v.toFixed(2)} |`));
  }
  if (product.memory) {
    lines.push("", "Product memory at the end of the closed loop (MB; V8's heap spaces and external memory from its /metrics):", "");
    lines.push("| part | MB |", "|---|---|", ...Object.entries(product.memory).map(([k, v]) => `| ${k} | ${f1(v)} |`));
  }
  if (product.profile) {
    lines.push("", `Product CPU profile during the ${o.profiled ?? "closed"} loop, self time by where the code lives:`, "");
    lines.push(
      "| where | self ms | share |",
      "|---|---|---|",
      ...product.profile.slice(0, 25).map((p) => `| ${p.bucket} | ${p.ms.toFixed(0)} | ${(p.share * 100).toFixed(1)}% |`),
    );
  }
  const a = product.allocations;
  if (a) {
    const kb = (mb: number) => ((mb * 1024) / a.updates).toFixed(1);
    const table = (title: string, rows: Allocation[]) =>
      lines.push(
        "",
        title,
        "",
        "| where | KB per update | share |",
        "|---|---|---|",
        ...rows.map((r) => `| ${r.where} | ${kb(r.mb)} | ${(r.share * 100).toFixed(1)}% |`),
      );
    lines.push("", `Product allocations during the closed loop: ${kb(a.totalMb)} KB per update (sampled; profile in ${a.file})`);
    table("By where the allocating code lives:", a.buckets);
    table("Functions that allocate most themselves:", a.functions);
    table("The product's own functions, with everything they call:", a.ownTotal);
  }
  return lines.join("\n");
}
