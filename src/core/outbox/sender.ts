// The one sender: everything that goes out — conversation and counsellor replies, staff pings, bulk —
// passes through here, one gate per channel (send-gate.ts: lanes and the deployment-wide budget).
// The sender owns retry_after: a 429 that names a wait pauses the channel's gate and the same message
// is sent again after it (up to MAX_RATE_LIMITED times; a longer wait comes back as retryable and the
// outbox schedules it). Never throws for a per-recipient failure: a channel that throws counts as a
// retryable failure that may have reached the messenger.
import type { Logger } from "../../shared/logging/logger.ts";
import type { Metrics } from "../metrics.ts";
import type { Channel, ChannelName, Locale, OutboundMessage, SendMeta, SendResult } from "../ports.ts";
import { LANES, type Lane } from "./lanes.ts";
import type { SendBudget, SendLimits } from "./ports.ts";
import { createSendGate, type SendGate } from "./send-gate.ts";

/** A 429 is honoured in place this many times for one message; then it is a retryable failure. */
export const MAX_RATE_LIMITED = 3;
/** A retry_after longer than this is not waited out in place: the message is scheduled for later. */
export const MAX_INLINE_RETRY_AFTER_MS = 60_000;

export interface SenderDeps {
  channels: ReadonlyMap<ChannelName, Channel>;
  budget: SendBudget;
  /** Channels without limits (the web chat) are never throttled. */
  limits: SendLimits;
  logger: Logger;
  metrics: Pick<Metrics, "countSend" | "countSendWait">;
}

export interface SendOptions {
  lane: Lane;
  meta?: SendMeta;
  /**
   * Runs once, after the gate let the message through and before it is handed to the channel (the
   * outbox marks a bulk row as leaving). If it fails, nothing is sent: a retryable failure that did not
   * reach the messenger.
   */
  beforeSend?: () => Promise<void>;
}

export interface Sender {
  send(channel: ChannelName, externalId: string, message: OutboundMessage, locale: Locale, o: SendOptions): Promise<SendResult>;
  /** Sends waiting for their turn now, by channel and lane (metrics). */
  waiting(): Array<{ channel: ChannelName; lane: Lane; count: number }>;
  /** Drops budget bookings older than an hour (housekeeping; never throws). */
  prune(): Promise<void>;
}

export function createSender(d: SenderDeps): Sender {
  const gates = new Map<ChannelName, SendGate>();
  for (const [name, limits] of Object.entries(d.limits) as Array<[ChannelName, NonNullable<SendLimits[ChannelName]>]>) {
    gates.set(
      name,
      createSendGate({ channel: name, limits, budget: d.budget, logger: d.logger, onWait: (scope, ms) => d.metrics.countSendWait(name, scope, ms) }),
    );
  }

  async function sendOnce(channel: Channel, externalId: string, message: OutboundMessage, locale: Locale, meta?: SendMeta): Promise<SendResult> {
    return channel.send(externalId, message, locale, meta).catch((error: unknown) => {
      d.logger.error({ channel: channel.name, err: error }, "channel send threw");
      return { status: "retryable" as const, maybeDelivered: true };
    });
  }

  return {
    async send(channelName, externalId, message, locale, o) {
      const channel = d.channels.get(channelName);
      if (!channel) {
        d.logger.error({ channel: channelName }, "no adapter for this channel; kept as failed for a later retry");
        d.metrics.countSend(channelName, "retryable");
        return { status: "retryable" };
      }
      const gate = gates.get(channelName);
      for (let attempt = 1; ; attempt++) {
        await gate?.acquire(o.lane, externalId);
        if (attempt === 1 && o.beforeSend) {
          const ready = await o.beforeSend().then(
            () => true,
            (err: unknown) => (d.logger.warn({ channel: channelName, lane: o.lane, err }, "could not mark the message as leaving; not sent"), false),
          );
          if (!ready) {
            d.metrics.countSend(channelName, "retryable");
            return { status: "retryable" };
          }
        }
        const answered = await gate?.depart();
        const result = await sendOnce(channel, externalId, message, locale, o.meta);
        answered?.();
        const wait = result.status === "retryable" ? result.retryAfterMs : undefined;
        if (wait !== undefined && gate && attempt < MAX_RATE_LIMITED && wait <= MAX_INLINE_RETRY_AFTER_MS) {
          d.metrics.countSend(channelName, "rate_limited");
          d.logger.warn({ channel: channelName, lane: o.lane, retryAfterMs: wait, attempt }, "rate limited by the messenger; pausing the channel");
          gate.pause(wait);
          continue;
        }
        d.metrics.countSend(channelName, result.status);
        return result;
      }
    },
    prune: () => d.budget.prune(new Date(Date.now() - 3_600_000)).catch((err: unknown) => d.logger.warn({ err }, "send budget: pruning failed")),
    waiting() {
      const rows: Array<{ channel: ChannelName; lane: Lane; count: number }> = [];
      for (const [channel, gate] of gates) {
        const counts = gate.waiting();
        for (const lane of LANES) rows.push({ channel, lane, count: counts[lane] });
      }
      return rows;
    },
  };
}
