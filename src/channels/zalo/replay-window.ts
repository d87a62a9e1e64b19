// A short in-memory memory of recent deliveries, so a burst of redeliveries does not even reach the core.
// Not the guarantee: the store dedupes on channelMessageId. Per process, bounded in time and size.

export interface ReplayWindow {
  /** True when `key` was seen within the window (and records it otherwise). */
  seen(key: string): boolean;
  /** Forgets a key, so a later redelivery is processed (used when processing failed). */
  forget(key: string): void;
}

export function createReplayWindow(options: { ttlMs?: number; maxEntries?: number; now?: () => number } = {}): ReplayWindow {
  const ttlMs = options.ttlMs ?? 10 * 60_000;
  const maxEntries = options.maxEntries ?? 10_000;
  const now = options.now ?? Date.now;
  const expiries = new Map<string, number>(); // insertion order = expiry order (fixed TTL)

  function prune(at: number): void {
    for (const [key, expiresAt] of expiries) {
      if (expiresAt > at && expiries.size < maxEntries) break;
      expiries.delete(key);
    }
  }

  return {
    seen(key) {
      const at = now();
      prune(at);
      if (expiries.has(key)) return true;
      expiries.set(key, at + ttlMs);
      return false;
    },
    forget(key) {
      expiries.delete(key);
    },
  };
}
