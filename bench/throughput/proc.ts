// Child processes for bench/throughput.ts, measured from outside through /proc: CPU time (utime + stime
// of /proc/<pid>/stat, in clock ticks), resident memory (VmRSS of /proc/<pid>/status, sampled), and a
// --cpu-prof profile summarised by where the self time went.
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

const CLK_TCK = 100; // getconf CLK_TCK on Linux x86-64

export interface Child {
  pid: number;
  proc: ChildProcess;
  stderr(): string;
  stop(): Promise<void>;
}

/**
 * Spawns `node <args>` with its stdout (the JSON log) going to a file, as a log collector would take it
 * (a pipe to this busy process would block the child's synchronous log writes), and resolves once the
 * log shows msg "ready".
 */
export async function spawnChild(args: string[], env: Record<string, string>, cwd: string): Promise<Child> {
  const logFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "kna-bench-log-")), "stdout.log");
  const out = fs.openSync(logFile, "w");
  const proc = spawn(process.execPath, args, { cwd, env: { PATH: process.env.PATH ?? "", ...env }, stdio: ["ignore", out, "pipe"] });
  fs.closeSync(out);
  let stderr = "";
  proc.stderr!.setEncoding("utf8").on("data", (c: string) => (stderr = (stderr + c).slice(-8000)));
  const exited = new Promise<void>((resolve) => proc.once("exit", () => resolve()));
  const deadline = Date.now() + 120_000;
  while (!/"msg":"ready"/.test(fs.readFileSync(logFile, "utf8"))) {
    if (proc.exitCode !== null) throw new Error(`child exited before ready: ${stderr}`);
    if (Date.now() > deadline) throw new Error(`child not ready in 120 s: ${stderr}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    pid: proc.pid!,
    proc,
    stderr: () => stderr,
    async stop() {
      fs.rmSync(path.dirname(logFile), { recursive: true, force: true });
      if (proc.exitCode !== null) return;
      proc.kill("SIGTERM");
      const timer = setTimeout(() => proc.kill("SIGKILL"), 30_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** utime and stime of the process so far, in milliseconds (fields 14 and 15 of /proc/<pid>/stat). */
export function cpuSplitMs(pid: number): { user: number; system: number } {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return { user: (Number(fields[11]) * 1000) / CLK_TCK, system: (Number(fields[12]) * 1000) / CLK_TCK };
}

/** utime + stime of the process so far, in milliseconds. */
export function cpuMs(pid: number): number {
  const { user, system } = cpuSplitMs(pid);
  return user + system;
}

/**
 * CPU so far of every process named "postgres" on this machine (the server, its backends, WAL writer,
 * checkpointer…), in milliseconds; ended backends drop out, so take it around a span where the product's
 * connections stay open. Null when none is visible (a server elsewhere).
 */
export function postgresCpuMs(): number | null {
  let total = 0;
  let seen = false;
  for (const pid of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(pid)) continue;
    try {
      if (fs.readFileSync(`/proc/${pid}/comm`, "utf8").trim() !== "postgres") continue;
      total += cpuMs(Number(pid));
      seen = true;
    } catch {
      /* the process ended */
    }
  }
  return seen ? total : null;
}

export function rssMb(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"));
  return m ? Number(m[1]) / 1024 : 0;
}

/** Samples RSS every 100 ms until stopped; `peak()` is the highest seen since the last reset. */
export function rssSampler(pid: number): { peak(): number; reset(): void; stop(): void } {
  let peak = 0;
  const timer = setInterval(() => {
    try {
      peak = Math.max(peak, rssMb(pid));
    } catch {
      /* the process ended */
    }
  }, 100);
  return { peak: () => peak, reset: () => void (peak = 0), stop: () => clearInterval(timer) };
}

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string };
  children?: number[];
}

/** Where a frame's code lives: a package under node_modules, node's own code, the app's src/, or the engine itself. */
export function bucketOfFrame(frame: ProfileNode["callFrame"]): string {
  const { url, functionName } = frame;
  if (!url) return functionName.startsWith("(") ? functionName : `(native) ${functionName || "anonymous"}`;
  if (url.startsWith("node:")) return "node internals";
  const nm = url.lastIndexOf("node_modules/");
  if (nm >= 0) {
    const parts = url.slice(nm + "node_modules/".length).split("/");
    return `node_modules/${parts[0]!.startsWith("@") ? `${parts[0]}/${parts[1]}` : parts[0]}`;
  }
  if (url.includes("/src/")) return `own src/${url.split("/src/")[1]!.split("/")[0]}`;
  return path.basename(url);
}

/**
 * Self time per bucket (ms and share of the busy time) from a profile, biggest first. WebAssembly and the
 * engine's trampolines (js-to-wasm, wasm-to-js) count for the package that called into them: PGlite's
 * PostgreSQL or Prisma's query compiler.
 */
export function summariseProfile(file: string): Array<{ bucket: string; ms: number; share: number }> {
  const profile = JSON.parse(fs.readFileSync(file, "utf8")) as { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] };
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const isWasm = (n: ProfileNode) => n.callFrame.url.startsWith("wasm://") || /^(js-to-wasm|wasm-to-js)/.test(n.callFrame.functionName);
  const cache = new Map<number, string>();
  const bucket = (id: number): string => {
    const cached = cache.get(id);
    if (cached) return cached;
    const node = byId.get(id)!;
    let name = bucketOfFrame(node.callFrame);
    if (isWasm(node)) {
      let up = parent.get(id);
      while (up !== undefined && isWasm(byId.get(up)!)) up = parent.get(up);
      name = `${up === undefined ? "?" : bucketOfFrame(byId.get(up)!.callFrame)} (WebAssembly)`;
    }
    cache.set(id, name);
    return name;
  };
  const totals = new Map<string, number>();
  profile.samples.forEach((id, i) => totals.set(bucket(id), (totals.get(bucket(id)) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000));
  const busy = [...totals].filter(([b]) => b !== "(idle)");
  const sum = busy.reduce((s, [, v]) => s + v, 0);
  return busy.map(([b, ms]) => ({ bucket: b, ms, share: ms / sum })).sort((a, b) => b.ms - a.ms);
}

interface HeapNode {
  callFrame: { functionName: string; url: string; lineNumber: number };
  selfSize: number;
  children: HeapNode[];
}

/**
 * Where the bytes were allocated (a sampling heap profile taken with the collected objects kept): per
 * bucket as in summariseProfile, and the functions that allocate most themselves (`top`), or, for the
 * product's own code, with everything they call (`ownTotal`: where in our code the garbage starts).
 */
export function summariseAllocations(file: string, top = 25) {
  const { head } = JSON.parse(fs.readFileSync(file, "utf8")) as { head: HeapNode };
  const buckets = new Map<string, number>();
  const functions = new Map<string, number>();
  const ownTotal = new Map<string, number>();
  const name = (f: HeapNode["callFrame"]): string =>
    `${f.functionName || "(anonymous)"} ${f.url ? `${f.url.replace(/^.*?\/(node_modules|src)\//, "$1/").replace(/^file:\/\//, "")}:${f.lineNumber + 1}` : ""}`.trim();
  const walk = (node: HeapNode, own: Set<string>): number => {
    const bucket = bucketOfFrame(node.callFrame);
    buckets.set(bucket, (buckets.get(bucket) ?? 0) + node.selfSize);
    const fn = `${bucket}: ${name(node.callFrame)}`;
    functions.set(fn, (functions.get(fn) ?? 0) + node.selfSize);
    const isOwn = bucket.startsWith("own src/");
    const key = name(node.callFrame);
    const fresh = isOwn && !own.has(key);
    if (fresh) own.add(key);
    let total = node.selfSize;
    for (const child of node.children) total += walk(child, own);
    if (fresh) {
      ownTotal.set(key, (ownTotal.get(key) ?? 0) + total);
      own.delete(key);
    }
    return total;
  };
  const all = walk(head, new Set());
  const rank = (m: Map<string, number>) =>
    [...m]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([where, bytes]) => ({ where, mb: bytes / 2 ** 20, share: bytes / all }));
  return { totalMb: all / 2 ** 20, buckets: rank(buckets), functions: rank(functions), ownTotal: rank(ownTotal) };
}
