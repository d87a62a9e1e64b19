// Update delivery of the fake Bot API: the pending queue, getUpdates long polling (offset confirms,
// a newer poll terminates an older one with 409) and webhook pushing (secret header, per-chat order,
// up to max_connections in parallel, retries on non-2xx).
import { FakeApiError } from "./telegram-fake-validate.ts";

export type FakeUpdate = { update_id: number } & Record<string, unknown>;

export interface WebhookConfig {
  url: string;
  secretToken?: string;
  maxConnections: number;
}

export interface DeliveryRecord {
  updateId: number;
  /** Epoch ms (sub-ms precision) when the POST was sent / answered. */
  startedAt: number;
  endedAt?: number;
  status?: number;
  error?: string;
}

interface Pending {
  update: FakeUpdate;
  delivering: boolean;
  attempts: number;
  retryAt: number;
}

interface Waiter {
  offset: number;
  limit: number;
  resolve: (updates: FakeUpdate[]) => void;
  reject: (error: Error) => void;
  timer: NodeJS.Timeout;
}

const DEFAULT_EXCLUDED = new Set(["chat_member", "message_reaction", "message_reaction_count"]);

export const preciseNow = (): number => performance.timeOrigin + performance.now();

export function updateType(update: FakeUpdate): string {
  return Object.keys(update).find((k) => k !== "update_id") ?? "unknown";
}

/** The chat an update belongs to, for per-chat ordering ("" when none). */
function chatKey(update: FakeUpdate): string {
  const body = update[updateType(update)] as Record<string, unknown> | undefined;
  const chat = (body?.chat ?? (body?.message as Record<string, unknown> | undefined)?.chat) as { id?: unknown } | undefined;
  const from = body?.from as { id?: unknown } | undefined;
  return String(chat?.id ?? from?.id ?? "");
}

export class UpdateQueue {
  readonly pending: Pending[] = [];
  readonly deliveries: DeliveryRecord[] = [];
  readonly dropped: FakeUpdate[] = [];
  allowedUpdates: string[] | undefined;
  webhook: WebhookConfig | undefined;
  private waiter: Waiter | undefined;
  private inFlight = 0;
  private closed = false;
  private retryTimer: NodeJS.Timeout | undefined;
  private readonly active = new Set<Promise<void>>();
  private readonly deliveryListeners = new Set<(record: DeliveryRecord) => void>();

  private readonly options: { retryDelayMs: number; maxDeliveryAttempts: number };

  constructor(options: { retryDelayMs: number; maxDeliveryAttempts: number }) {
    this.options = options;
  }

  /** Queues an update unless allowed_updates excludes its type (then it is dropped, as Telegram does). */
  push(update: FakeUpdate, force = false): boolean {
    const type = updateType(update);
    const allowed = this.allowedUpdates === undefined || this.allowedUpdates.length === 0 ? !DEFAULT_EXCLUDED.has(type) : this.allowedUpdates.includes(type);
    if (!allowed && !force) {
      this.dropped.push(update);
      return false;
    }
    this.pending.push({ update, delivering: false, attempts: 0, retryAt: 0 });
    this.wakeWaiter();
    this.pump();
    return true;
  }

  getUpdates(params: { offset?: number; limit?: number; timeout?: number; allowed_updates?: string[] }): Promise<FakeUpdate[]> {
    if (this.webhook) {
      throw new FakeApiError(409, "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first");
    }
    if (params.allowed_updates !== undefined) this.allowedUpdates = params.allowed_updates;
    const offset = params.offset ?? 0;
    const limit = Math.min(Math.max(params.limit ?? 100, 1), 100);
    this.confirm(offset);
    if (this.waiter) {
      const old = this.waiter;
      this.waiter = undefined;
      clearTimeout(old.timer);
      old.reject(new FakeApiError(409, "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running"));
    }
    const ready = this.available(offset, limit);
    const timeoutMs = Math.max(0, params.timeout ?? 0) * 1000;
    if (ready.length > 0 || timeoutMs === 0 || this.closed) return Promise.resolve(ready);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiter = undefined;
        resolve([]);
      }, timeoutMs);
      this.waiter = { offset, limit, resolve, reject, timer };
    });
  }

  setWebhook(config: WebhookConfig, dropPending: boolean): void {
    this.webhook = config;
    if (dropPending) this.pending.length = 0;
    this.releaseWaiter();
    this.pump();
  }

  deleteWebhook(dropPending: boolean): void {
    this.webhook = undefined;
    if (dropPending) this.pending.length = 0;
  }

  /** Calls `listener` after every webhook delivery attempt; returns an unsubscribe function. */
  onDelivery(listener: (record: DeliveryRecord) => void): () => void {
    this.deliveryListeners.add(listener);
    return () => this.deliveryListeners.delete(listener);
  }

  /** Ends long polls and stops pushing; waits for deliveries under way. */
  async close(): Promise<void> {
    this.closed = true;
    this.webhook = undefined;
    clearTimeout(this.retryTimer);
    this.releaseWaiter();
    await Promise.allSettled([...this.active]);
  }

  private confirm(offset: number): void {
    if (offset <= 0) return;
    for (let i = this.pending.length - 1; i >= 0; i--) {
      if ((this.pending[i] as Pending).update.update_id < offset) this.pending.splice(i, 1);
    }
  }

  private available(offset: number, limit: number): FakeUpdate[] {
    return this.pending
      .filter((p) => p.update.update_id >= offset)
      .slice(0, limit)
      .map((p) => p.update);
  }

  private wakeWaiter(): void {
    const w = this.waiter;
    if (!w) return;
    const ready = this.available(w.offset, w.limit);
    if (ready.length === 0) return;
    this.waiter = undefined;
    clearTimeout(w.timer);
    w.resolve(ready);
  }

  private releaseWaiter(): void {
    const w = this.waiter;
    if (!w) return;
    this.waiter = undefined;
    clearTimeout(w.timer);
    w.resolve([]);
  }

  private pump(): void {
    const hook = this.webhook;
    if (!hook || this.closed) return;
    const busyChats = new Set<string>();
    const now = Date.now();
    let nextRetry = Infinity;
    for (const p of [...this.pending]) {
      const key = chatKey(p.update);
      const blocked = key !== "" && busyChats.has(key);
      if (key !== "") busyChats.add(key);
      if (blocked || p.delivering) continue;
      if (p.retryAt > now) {
        nextRetry = Math.min(nextRetry, p.retryAt);
        continue;
      }
      if (this.inFlight >= hook.maxConnections) break;
      const task = this.deliver(hook, p);
      this.active.add(task);
      void task.finally(() => this.active.delete(task));
    }
    if (nextRetry !== Infinity) {
      clearTimeout(this.retryTimer);
      this.retryTimer = setTimeout(() => this.pump(), Math.max(0, nextRetry - now));
    }
  }

  private async deliver(hook: WebhookConfig, p: Pending): Promise<void> {
    this.inFlight += 1;
    p.delivering = true;
    p.attempts += 1;
    const record: DeliveryRecord = { updateId: p.update.update_id, startedAt: preciseNow() };
    this.deliveries.push(record);
    let ok = false;
    try {
      const headers: Record<string, string> = { "content-type": "application/json" };
      if (hook.secretToken !== undefined) headers["x-telegram-bot-api-secret-token"] = hook.secretToken;
      const res = await fetch(hook.url, { method: "POST", headers, body: JSON.stringify(p.update) });
      await res.arrayBuffer();
      record.status = res.status;
      ok = res.status >= 200 && res.status < 300;
    } catch (error) {
      record.error = error instanceof Error ? error.message : String(error);
    } finally {
      record.endedAt = preciseNow();
      this.inFlight -= 1;
      p.delivering = false;
    }
    const index = this.pending.indexOf(p);
    if (ok || p.attempts >= this.options.maxDeliveryAttempts) {
      if (index >= 0) this.pending.splice(index, 1);
    } else {
      p.retryAt = Date.now() + this.options.retryDelayMs;
    }
    for (const listener of [...this.deliveryListeners]) listener(record);
    this.pump();
  }
}
