// Profiles a child process for a window, through the inspector it opened with --inspect=127.0.0.1:0
// (its address is printed on stderr), so start-up and shutdown stay out of the profile.
import fs from "node:fs";
import path from "node:path";

/** `kind`: "cpu" (the CPU profiler) or "allocations" (V8's sampling heap profiler, keeping the samples of
 * objects the collector has freed, so it shows where garbage is made, not what is still alive). */
export async function startProfiling(stderr: string, kind: "cpu" | "allocations" = "cpu"): Promise<{ stop(dir: string): Promise<string> }> {
  const url = /ws:\/\/127\.0\.0\.1:\d+\/[\w-]+/.exec(stderr)?.[0];
  if (!url) throw new Error("the child printed no inspector address");
  const ws = new WebSocket(url);
  await new Promise((resolve, reject) => ((ws.onopen = resolve), (ws.onerror = reject)));
  let id = 0;
  const waiting = new Map<number, (result: unknown) => void>();
  ws.onmessage = (event) => {
    const msg = JSON.parse(String(event.data)) as { id?: number; result?: unknown };
    if (msg.id !== undefined) waiting.get(msg.id)?.(msg.result);
  };
  const call = (method: string, params: Record<string, unknown> = {}) =>
    new Promise<unknown>((resolve) => {
      const n = ++id;
      waiting.set(n, resolve);
      ws.send(JSON.stringify({ id: n, method, params }));
    });
  /** Stops the profiler with `method`, closes the inspector and writes the profile to `dir/name`. */
  const stopper = (method: string, name: string) => ({
    async stop(dir: string): Promise<string> {
      const { profile } = (await call(method)) as { profile: unknown };
      ws.close();
      const file = path.join(dir, name);
      fs.writeFileSync(file, JSON.stringify(profile));
      return file;
    },
  });
  if (kind === "allocations") {
    await call("HeapProfiler.enable");
    await call("HeapProfiler.startSampling", { samplingInterval: 16_384, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true });
    return stopper("HeapProfiler.stopSampling", "product.heapprofile");
  }
  await call("Profiler.enable");
  await call("Profiler.setSamplingInterval", { interval: 1000 });
  await call("Profiler.start");
  return stopper("Profiler.stop", "product.cpuprofile");
}
