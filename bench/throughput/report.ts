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

export function report(echo: Measured, product: Measured, o: ReportOptions): string {
  const rssGoal = o.postgres ? 250 : 450;
  const rows: Array<[string, string, string, string, string, string]> = [
    [
      "throughput, concurrency " + o.concurrency + " (updates/s)",
      f1(echo.throughput),
      f1(product.throughput),
      f2(product.throughput / echo.throughput) + "×",
      "≥ 400",
      verdict(product.throughput >= 400),
    ],
    [
      "app CPU per update (ms)",
      f2(echo.cpuPerUpdate),
      f2(product.cpuPerUpdate),
      f1(product.cpuPerUpdate / echo.cpuPerUpdate) + "×",
      "≤ 5× echo",
      verdict(product.cpuPerUpdate <= 5 * echo.cpuPerUpdate),
    ],
    ["… of which in the kernel (stime)", `${Math.round(echo.kernelShare * 100)}%`, `${Math.round(product.kernelShare * 100)}%`, "", "", ""],
    ["Bot API calls per update", f2(echo.botCallsPerUpdate), f2(product.botCallsPerUpdate), "", "", ""],
    ["PostgreSQL server CPU per update (ms)", "", f2(product.dbCpuPerUpdate), "", "", ""],
    ["bench's own CPU per update: load + fake Bot API (ms)", f2(echo.harnessCpuPerUpdate), f2(product.harnessCpuPerUpdate), "", "", ""],
    ["idle CPU (ms per s)", f2(echo.idleCpuPerSecond), f2(product.idleCpuPerSecond), "", "", ""],
    ["POST → 200, closed loop, p50 (ms)", f1(echo.roundTripP50), f1(product.roundTripP50), f1(product.roundTripP50 / echo.roundTripP50) + "×", "", ""],
    [`accept → send p50 at ${o.rate}/s (ms)`, f1(echo.p50), f1(product.p50), f1(product.p50 / echo.p50) + "×", "", ""],
    [`accept → send p99 at ${o.rate}/s (ms)`, f1(echo.p99), f1(product.p99), f1(product.p99 / echo.p99) + "×", "< 500", verdict(product.p99 < 500)],
    ["peak RSS, closed loop (MB)", f1(echo.peakRssClosed), f1(product.peakRssClosed), f1(product.peakRssClosed / echo.peakRssClosed) + "×", "", ""],
    [
      `peak RSS at ${o.rate}/s (MB)`,
      f1(echo.peakRssOpen),
      f1(product.peakRssOpen),
      f1(product.peakRssOpen / echo.peakRssOpen) + "×",
      `≤ ${rssGoal}`,
      verdict(product.peakRssOpen <= rssGoal),
    ],
    [
      "transactions per update (xact_commit − idle)",
      "0",
      f2(product.xactPerUpdate),
      "",
      "≤ 2",
      verdict(product.xactPerUpdate === undefined ? undefined : product.xactPerUpdate <= 2),
    ],
  ];
  const lines = [
    `throughput bench — ${new Date().toISOString()} — ${os.cpus().length} × ${os.cpus()[0]?.model ?? "cpu"}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, load average ${os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(" ")}, node ${process.version}, ${o.postgres ? "PostgreSQL" : "PGlite (data directory on disk)"}`,
    `closed loop ${o.seconds} s at concurrency ${o.concurrency} (failures: echo ${echo.closedFailures}, product ${product.closedFailures}); open loop ${o.openSeconds} s at ${o.rate}/s`,
    `open loop offered/answered/failures/overruns/replies seen/failures by status: echo ${Object.values(echo.open).join("/")}, product ${Object.values(product.open).join("/")}`,
    ...(o.productRoot ? [`product from ${o.productRoot}`] : []),
    "",
    "| measure | grammY echo | product | product ÷ echo | goal | result |",
    "|---|---|---|---|---|---|",
    ...rows.map((r) => `| ${r.join(" | ")} |`),
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
