// Telegram-like send limits for the fake Bot API: at most `perSecond` sendMessage calls in any second (a
// sliding window) and, per chat, `perChatPerSecond` with bursts of `perChatBurst` (a leaky bucket, with
// 100 ms for the jitter of the network and of a busy test machine). Over a limit: 429 with retry_after.
import { FakeApiError } from "./telegram-fake-validate.ts";

export interface RateLimitOptions {
  perSecond: number;
  perChatPerSecond: number;
  perChatBurst: number;
}

export class FakeRateLimits {
  /** 429s answered so far. */
  refused = 0;
  private readonly accepted: number[] = [];
  private readonly chatTats = new Map<string, number>();
  private readonly limits: RateLimitOptions;

  constructor(limits: RateLimitOptions) {
    this.limits = limits;
  }

  /** Throws a 429 FakeApiError (retry_after in whole seconds, as Telegram gives it) when a call at `now` to `chat` is over a limit. */
  check(now: number, chat: string): void {
    const limits = this.limits;
    while (this.accepted.length > 0 && now - this.accepted[0]! >= 1000) this.accepted.shift();
    const tooMany = (retryMs: number): never => {
      this.refused += 1;
      const retryAfter = Math.max(1, Math.ceil(retryMs / 1000));
      throw new FakeApiError(429, `Too Many Requests: retry after ${retryAfter}`, { retry_after: retryAfter });
    };
    if (this.accepted.length >= limits.perSecond) tooMany(1000 - (now - this.accepted[0]!));
    const interval = 1000 / limits.perChatPerSecond;
    const tat = Math.max(this.chatTats.get(chat) ?? now, now);
    const allowedAt = tat - (limits.perChatBurst - 1) * interval;
    if (allowedAt - 100 > now) tooMany(allowedAt - now);
    this.chatTats.set(chat, tat + interval);
    this.accepted.push(now);
  }
}
