// What the core reports about its own work, for operators (the composition root maps it onto
// Prometheus in web/metrics.ts). A port, so the core never imports a metrics library; every method is
// cheap, synchronous and must never throw. `noMetrics` is the default when none is wired (tests, tools).
import type { ChannelName, SendResult } from "./ports.ts";
import type { WaitScope } from "./outbox/send-gate.ts";

/** Where a database (or turn) failure was seen. */
export type DbErrorKind = "accept" | "turn_rollback" | "inbox";

export interface Metrics {
  /** One turn ran for `ms` milliseconds (wall time around runTurn): committed, or rolled back. */
  observeTurn(ms: number, outcome: "committed" | "rolled_back"): void;
  /** One send through a channel adapter, with its result; "rate_limited": a 429 the sender waits out and sends again. */
  countSend(channel: ChannelName, result: SendResult["status"] | "rate_limited"): void;
  /** A send waited `ms` for the rate limiter: its chat's budget, the channel's, or a retry_after pause. */
  countSendWait(channel: ChannelName, scope: WaitScope, ms: number): void;
  /** A failure the database (or a turn's transaction) caused: an event not accepted, a turn rolled back. */
  countDbError(kind: DbErrorKind): void;
}

export const noMetrics: Metrics = {
  observeTurn: () => undefined,
  countSend: () => undefined,
  countSendWait: () => undefined,
  countDbError: () => undefined,
};
