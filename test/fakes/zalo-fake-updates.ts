// getUpdates semantics of the fake (zalo-bot-api.md §6): no offsets; the oldest queued update is
// returned at once and dropped; otherwise the request is held until an update arrives or `timeout` passes.
import type http from "node:http";
import type { FakeZaloUpdate } from "./zalo-fake-events.ts";

interface Waiter {
  resolve: (update: FakeZaloUpdate | undefined) => void;
  alive: () => boolean;
}

export class LongPollQueue {
  private readonly queue: FakeZaloUpdate[] = [];
  private waiters: Waiter[] = [];

  /** Hands the update to the oldest held request whose client is still connected, else queues it. */
  offer(update: FakeZaloUpdate): void {
    this.waiters = this.waiters.filter((w) => w.alive());
    const waiter = this.waiters.shift();
    if (waiter) waiter.resolve(update);
    else this.queue.push(update);
  }

  /** One update, or undefined after `seconds` (0 = answer at once) or when the client disconnects. */
  take(seconds: number, res: http.ServerResponse): Promise<FakeZaloUpdate | undefined> {
    const queued = this.queue.shift();
    if (queued || seconds === 0) return Promise.resolve(queued);
    return new Promise((resolve) => {
      const waiter: Waiter = {
        resolve: (update) => {
          clearTimeout(timer);
          this.waiters = this.waiters.filter((w) => w !== waiter);
          resolve(update);
        },
        alive: () => !res.destroyed && res.socket?.destroyed !== true,
      };
      const timer = setTimeout(() => waiter.resolve(undefined), seconds * 1000);
      res.on("close", () => waiter.resolve(undefined));
      this.waiters.push(waiter);
    });
  }

  /** Answers every held request as idle (shutdown). */
  releaseAll(): void {
    for (const waiter of [...this.waiters]) waiter.resolve(undefined);
  }

  get pending(): number {
    return this.queue.length;
  }

  get held(): number {
    return this.waiters.length;
  }
}
