// Group commit: items handed in while a write is in flight go out together in the next write, so under
// load many callers share one statement (and one transaction) and an idle caller waits for nothing.
// Each caller's promise settles with the write that carried its items (a failed write rejects every
// caller in it; the next write starts afresh). At most `maxBatch` items per write.
export function groupCommit<T>(write: (items: T[]) => Promise<void>, maxBatch = 500): (items: readonly T[]) => Promise<void> {
  type Waiter = { count: number; resolve(): void; reject(error: unknown): void };
  const queued: T[] = [];
  const waiters: Waiter[] = [];
  let writing = false;

  async function drain(): Promise<void> {
    writing = true;
    try {
      while (waiters.length > 0) {
        // Whole callers only: one caller's items are never split across two writes.
        let take = 0;
        let items = 0;
        while (take < waiters.length && (take === 0 || items + waiters[take]!.count <= maxBatch)) items += waiters[take++]!.count;
        const batch = queued.splice(0, items);
        const these = waiters.splice(0, take);
        try {
          await write(batch);
          for (const w of these) w.resolve();
        } catch (error) {
          for (const w of these) w.reject(error);
        }
      }
    } finally {
      writing = false;
    }
  }

  return (items) =>
    new Promise<void>((resolve, reject) => {
      if (items.length === 0) return resolve();
      queued.push(...items);
      waiters.push({ count: items.length, resolve, reject });
      if (!writing) void drain();
    });
}
