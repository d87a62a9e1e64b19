// One gate per channel: every send waits here for its turn. Waiting sends are served by lane (urgent,
// staff, bulk), then in arrival order; each takes a slot from the deployment-wide budget for its chat
// and then for the whole channel. A chat that must wait is set aside (others go meanwhile), so one busy
// chat never holds up a lane; a 429's retry_after pauses the whole channel (`pause`), not one lane.
import type { Logger } from "../../shared/logging/logger.ts";
import type { ChannelName } from "../ports.ts";
import { laneRank, LANES, type Lane } from "./lanes.ts";
import type { ChannelLimits, SendBudget } from "./ports.ts";

/** Why a send waited: its chat's budget, the channel's budget, or a pause the messenger asked for (retry_after). */
export type WaitScope = "chat" | "channel" | "retry_after";

export interface GateDeps {
  channel: ChannelName;
  limits: ChannelLimits;
  budget: SendBudget;
  logger: Logger;
  /** Each wait, counted by scope (metrics). */
  onWait(scope: WaitScope, ms: number): void;
}

interface Waiter {
  lane: Lane;
  order: number;
  chatKey: string;
  /** Set once the chat's slot is booked: the time it may go (epoch ms). */
  chatReadyAt?: number;
  resolve(): void;
}

export interface SendGate {
  /** Resolves when a send to `chatKey` in `lane` may go now. */
  acquire(lane: Lane, chatKey: string): Promise<void>;
  /** Nothing goes out on this channel for `ms` (a 429's retry_after). */
  pause(ms: number): void;
  /** Sends waiting now, per lane. */
  waiting(): Record<Lane, number>;
}

export function createSendGate(d: GateDeps): SendGate {
  const queue: Waiter[] = [];
  let order = 0;
  let pausedUntil = 0;
  let lastGrant = 0;
  let pumping = false;
  let wake: (() => void) | undefined;

  /** Sleeps `ms`, or less when a new waiter or a pause arrives. */
  const nap = (ms: number): Promise<void> =>
    new Promise((resolve) => {
      const timer = setTimeout(done, Math.max(0, ms));
      function done(): void {
        clearTimeout(timer);
        wake = undefined;
        resolve();
      }
      wake = done;
    });

  /** Budget failures (the database is away) never stop sending: the limit is skipped for that send. */
  const reserve = (key: string, limit: ChannelLimits["overall"]): Promise<number> =>
    d.budget.reserve(key, limit).catch((err: unknown) => {
      d.logger.warn({ channel: d.channel, err }, "send budget unavailable; sending without it");
      return 0;
    });

  /** The first waiter by lane and arrival whose chat may go now; otherwise when the earliest will. */
  function pick(now: number): { next?: Waiter; readyAt?: number } {
    let next: Waiter | undefined;
    let readyAt: number | undefined;
    for (const w of queue) {
      if (w.chatReadyAt !== undefined && w.chatReadyAt > now) {
        readyAt = Math.min(readyAt ?? Infinity, w.chatReadyAt);
        continue;
      }
      if (!next || laneRank(w.lane) < laneRank(next.lane) || (w.lane === next.lane && w.order < next.order)) next = w;
    }
    return { next, readyAt };
  }

  async function pump(): Promise<void> {
    if (pumping) return;
    pumping = true;
    try {
      while (queue.length > 0) {
        const now = Date.now();
        if (pausedUntil > now) {
          await nap(pausedUntil - now);
          continue;
        }
        const { next, readyAt } = pick(now);
        if (!next) {
          await nap((readyAt ?? now) - now);
          continue;
        }
        if (next.chatReadyAt === undefined) {
          const wait = await reserve(`${d.channel}:chat:${next.chatKey}`, d.limits.perChat);
          next.chatReadyAt = Date.now() + wait;
          if (wait > 0) d.onWait("chat", wait);
          continue; // pick again: a more urgent send may have come meanwhile; one whose chat must wait is set aside
        }
        const booked = await reserve(`${d.channel}:all`, d.limits.overall);
        // Also never closer to this process's previous send than the channel's interval: timers held up
        // by a busy event loop would otherwise release booked sends in a bunch.
        const wait = Math.max(booked, lastGrant + 1000 / d.limits.overall.perSecond - Date.now());
        if (wait > 0) {
          d.onWait("channel", wait);
          await new Promise((r) => setTimeout(r, wait)); // booked: this send goes after the wait, whatever arrives
        }
        lastGrant = Date.now();
        queue.splice(queue.indexOf(next), 1);
        next.resolve();
      }
    } finally {
      pumping = false;
    }
  }

  return {
    acquire(lane, chatKey) {
      return new Promise<void>((resolve) => {
        queue.push({ lane, order: order++, chatKey, resolve });
        wake?.();
        void pump().catch((err: unknown) => d.logger.error({ err, channel: d.channel }, "send gate failed"));
      });
    },
    pause(ms) {
      if (ms <= 0) return;
      d.onWait("retry_after", ms);
      pausedUntil = Math.max(pausedUntil, Date.now() + ms);
      wake?.();
    },
    waiting() {
      const counts = Object.fromEntries(LANES.map((l) => [l, 0])) as Record<Lane, number>;
      for (const w of queue) counts[w.lane] += 1;
      return counts;
    },
  };
}
