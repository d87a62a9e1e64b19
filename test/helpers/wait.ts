// Waiting in tests: wait for the thing to happen, never for a fixed time. A ceiling only turns a hang
// into a readable failure; it is generous because a busy machine may be several times slower than a
// quiet one, and a passing test never reaches it.

/** Default ceiling for every wait on an event (fakes, polls, jobs). Reached only when something is broken. */
export const WAIT_CEILING_MS = 30_000;

export interface WaitOptions {
  /** Give up after this long (default WAIT_CEILING_MS). */
  timeoutMs?: number;
  /** How often `check` runs (default 25 ms); use it for state nothing announces (database rows). */
  intervalMs?: number;
  /** Named in the error: "timed out waiting for <what>". */
  what?: string;
}

/** Resolves with the first result of `check` that is neither undefined, null nor false. */
export async function waitUntil<T>(check: () => T | undefined | null | false | Promise<T | undefined | null | false>, options: WaitOptions = {}): Promise<T> {
  const timeoutMs = options.timeoutMs ?? WAIT_CEILING_MS;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== null && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${options.what ?? "a condition"}`);
    await new Promise((resolve) => setTimeout(resolve, options.intervalMs ?? 25));
  }
}
