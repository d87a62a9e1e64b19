// How a send's result is written back to the outbox: sent; a retryable failure gets a retry time (1, 5,
// 30, 120 minutes, then given up); a permanent one is never retried; an unreachable person is marked so
// (by the outbox). Bulk is never sent twice: a retryable failure that may have reached the messenger (a
// timeout, a dropped connection) is given up rather than retried.
import type { Lane, SendResult, SendSettlement } from "../ports.ts";

/** Minutes to wait after the 1st, 2nd, 3rd and 4th failed attempt; after the 5th we give up. */
export const RETRY_DELAYS_MINUTES = [1, 5, 30, 120] as const;

export function nextRetryAt(attemptsMade: number, now: Date): Date | null {
  const minutes = RETRY_DELAYS_MINUTES[attemptsMade - 1];
  return minutes === undefined ? null : new Date(now.getTime() + minutes * 60_000);
}

/** The row update for one send of message `id` (its `attemptsMade`-th attempt) in `lane`. */
export function settlementOf(id: string, result: SendResult, attemptsMade: number, lane: Lane, now: Date): SendSettlement {
  if (result.status === "sent") return { id, status: "sent", ...(result.channelMessageId ? { channelMessageId: result.channelMessageId } : {}) };
  if (result.status === "unreachable") return { id, status: "unreachable" };
  const retry = result.status === "retryable" && !(lane === "bulk" && result.maybeDelivered === true);
  const at = retry ? nextRetryAt(attemptsMade, now) : null;
  // A retry_after longer than the sender waits in place: not before the messenger allows it.
  const due = at && result.retryAfterMs ? new Date(Math.max(at.getTime(), now.getTime() + result.retryAfterMs)) : at;
  return { id, status: "failed", attempts: attemptsMade, nextAttemptAt: due };
}
