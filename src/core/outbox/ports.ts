// What the sender needs from outside: a send budget shared by every instance of the deployment.
import type { ChannelName } from "../ports.ts";
export { LANES, type Lane } from "./lanes.ts";

/** A sustained rate with a burst: GCRA (a leaky bucket), `perSecond` on average, `burst` at once. */
export interface RateLimit {
  perSecond: number;
  burst: number;
}

/** Per-channel limits: the whole bot (every chat) and each chat. A channel without limits is never throttled. */
export interface ChannelLimits {
  overall: RateLimit;
  perChat: RateLimit;
}

export type SendLimits = Partial<Record<ChannelName, ChannelLimits>>;

export interface BudgetRequest {
  key: string;
  limit: RateLimit;
  count?: number;
}

/**
 * A deployment-wide budget (PostgreSQL, so every instance shares it; in memory on the embedded
 * database, which one process owns). A booking resolves with how long the caller must wait before
 * sending (0: now) and stands: the caller sends after the wait. Keys may hold chat ids: implementations store only a hash of them.
 */
export interface SendBudget {
  /**
   * Books `count` (default 1) consecutive sends under each key, all in one go (one statement on the
   * database), and resolves with the wait before the FIRST of each key's sends; the next ones go one
   * interval apart. Keys must be distinct within one call.
   */
  reserveMany(requests: ReadonlyArray<BudgetRequest>): Promise<number[]>;
  /** Drops bookings that ended before `before` (housekeeping). */
  prune(before: Date): Promise<void>;
}
