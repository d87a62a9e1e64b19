// One gate per channel: every send waits here for its turn. Waiting sends are served by lane (urgent,
// staff, bulk), then in arrival order; each takes a slot from the deployment-wide budget for its chat
// and then for the whole channel. Bookings are batched: every waiting chat and the channel's slots for
// up to a quarter second of them in one statement (the channel's alone for sends whose chat had to
// wait), so a busy process books its sends in a few statements, and a quiet one in one per send. Slots
// are booked up to BOOK_AHEAD_MS ahead, each send granted by a timer at its slot, so the channel never
// idles while the next group is booked. A chat that must wait is set aside (others go meanwhile), so
// one busy chat never holds up a lane; a 429's retry_after pauses the whole channel (`pause`), not one
// lane. Last, `depart` spaces what actually leaves: a send goes a window after the answer to the one
// `limit` places before it, so a send held up between its grant and the wire (a busy event loop) never
// bunches with later ones at the messenger.
import type { Logger } from "../../shared/logging/logger.ts";
import type { ChannelName } from "../ports.ts";
import { laneRank, LANES, type Lane } from "./lanes.ts";
import type { BudgetRequest, ChannelLimits, SendBudget } from "./ports.ts";

/** Chats booked per round (one statement). */
const CHAT_BOOKINGS_PER_ROUND = 50;
/**
 * The channel is paced this much under its limit. A send leaves a little after its grant (a bulk row's
 * "leaving" mark is written first; a busy event loop), and those delays vary: paced at exactly the limit,
 * one send held back 1 ms more than the next already makes 31 in some second. 2% under Telegram's 30/s
 * leaves 20 ms of such jitter in any second.
 */
export const CHANNEL_PACE = 0.98;

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
  /** Set once the channel's slot is booked: its grant is timed. */
  scheduled?: boolean;
  resolve(): void;
}

export interface SendGate {
  /** Resolves when a send to `chatKey` in `lane` may go now. */
  acquire(lane: Lane, chatKey: string): Promise<void>;
  /**
   * Called just before a granted send is handed to the channel: resolves when it may leave, with a
   * callback to call when the channel has answered. A send leaves at least the channel's window after
   * the answer to the send `limit` places before it, so however late a request reaches the messenger
   * after its grant (a busy event loop), no window there ever holds more than the limit.
   */
  depart(): Promise<() => void>;
  /** Nothing goes out on this channel for `ms` (a 429's retry_after). */
  pause(ms: number): void;
  /** Sends waiting now, per lane. */
  waiting(): Record<Lane, number>;
}

/** Channel slots are booked up to this far ahead, so the next group is booked while the last one goes. */
export const BOOK_AHEAD_MS = 300;
/** Departures keep this much clear of the channel's window (clocks). */
export const DEPART_MARGIN_MS = 5;
/** A departure waits at most this long for an earlier send's answer (a hung request does not hold the channel). */
const ANSWER_WAIT_MAX_MS = 5_000;

export function createSendGate(d: GateDeps): SendGate {
  const overall = { ...d.limits.overall, perSecond: d.limits.overall.perSecond * CHANNEL_PACE };
  const interval = 1000 / overall.perSecond;
  const queue: Waiter[] = [];
  let order = 0;
  let pausedUntil = 0;
  /** The time of the latest channel slot booked by this process (epoch ms). */
  let lastBooked = 0;
  let pumping = false;
  let wake: (() => void) | undefined;
  /** Sends booked on the channel's budget at once: a quarter second's worth (Telegram's 30/s: 7). */
  const groupSize = Math.max(1, Math.floor(overall.perSecond / 4));

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

  /** Budget failures (the database is away) never stop sending: the limit is skipped for those sends. */
  const reserveMany = (requests: BudgetRequest[]): Promise<number[]> =>
    d.budget.reserveMany(requests).catch((err: unknown) => {
      d.logger.warn({ channel: d.channel, err }, "send budget unavailable; sending without it");
      return requests.map(() => 0);
    });

  const byPriority = (a: Waiter, b: Waiter): number => laneRank(a.lane) - laneRank(b.lane) || a.order - b.order;
  const anyUnscheduled = (): boolean => queue.some((w) => !w.scheduled);

  /** The first unbooked waiter by lane and arrival whose chat may go now; otherwise when the earliest will. */
  function pick(now: number): { next?: Waiter; readyAt?: number } {
    let next: Waiter | undefined;
    let readyAt: number | undefined;
    for (const w of queue) {
      if (w.scheduled) continue;
      if (w.chatReadyAt !== undefined && w.chatReadyAt > now) {
        readyAt = Math.min(readyAt ?? Infinity, w.chatReadyAt);
        continue;
      }
      if (!next || byPriority(w, next) < 0) next = w;
    }
    return { next, readyAt };
  }

  /** Grants `group` (most urgent first) at the channel slots whose first one is `firstWait` after `bookedAt`, each by a timer. */
  function schedule(group: Waiter[], firstWait: number, bookedAt: number): void {
    for (const [i, w] of group.entries()) {
      // Never closer to this process's previous slot than the channel's interval either.
      const at = Math.max(bookedAt + firstWait + i * interval, lastBooked + interval);
      lastBooked = at;
      w.scheduled = true;
      const wait = at - Date.now();
      if (wait > 0) d.onWait("channel", wait);
      setTimeout(() => grant(w), Math.max(0, wait));
    }
  }

  /**
   * Books the chat slot of every waiter that has none yet (the first per chat) and, in the same
   * statement, the channel's slots for as many of them as one group holds; those whose chat may go now
   * take the channel slots in order. A chat that must wait leaves its channel slot unused: the budget
   * errs towards sending less, and a send needs one booking, not two, when the process is not busy.
   */
  async function bookChatsAndChannel(): Promise<void> {
    const seen = new Set<string>();
    const unbooked = queue
      .filter((w) => w.chatReadyAt === undefined)
      .sort(byPriority)
      .filter((w) => !seen.has(w.chatKey) && seen.add(w.chatKey))
      .slice(0, CHAT_BOOKINGS_PER_ROUND);
    const channelSlots = Math.min(unbooked.length, groupSize);
    const waits = await reserveMany([
      ...unbooked.map((w) => ({ key: `${d.channel}:chat:${w.chatKey}`, limit: d.limits.perChat })),
      { key: `${d.channel}:all`, limit: overall, count: channelSlots },
    ]);
    const at = Date.now();
    unbooked.forEach((w, i) => {
      const wait = waits[i] ?? 0;
      w.chatReadyAt = at + wait;
      if (wait > 0) d.onWait("chat", wait);
    });
    // The channel slots go to this booking's sends only while they come first: a more urgent send that
    // arrived during the statement (or an earlier one whose chat was booked before) goes first, in the
    // next round, and the slots it would have overtaken stay unused.
    const batch = new Set(unbooked);
    const ready: Waiter[] = [];
    for (const w of queue.filter((q) => !q.scheduled && (q.chatReadyAt === undefined || q.chatReadyAt <= at)).sort(byPriority)) {
      if (!batch.has(w) || ready.length >= channelSlots) break;
      ready.push(w);
    }
    schedule(ready, waits[unbooked.length] ?? 0, at);
  }

  /** A booked send's time has come: it goes, unless a pause began meanwhile (then its slot lapses and it is booked again). */
  function grant(w: Waiter): void {
    if (pausedUntil > Date.now()) {
      w.scheduled = false;
      kick();
      return;
    }
    queue.splice(queue.indexOf(w), 1);
    w.resolve();
  }

  async function pump(): Promise<void> {
    if (pumping) return;
    pumping = true;
    try {
      while (anyUnscheduled()) {
        const now = Date.now();
        if (pausedUntil > now) {
          await nap(pausedUntil - now);
          continue;
        }
        if (lastBooked - now > BOOK_AHEAD_MS) {
          await nap(lastBooked - now - BOOK_AHEAD_MS);
          continue;
        }
        const { next, readyAt } = pick(now);
        if (!next) {
          await nap((readyAt ?? now) - now);
          continue;
        }
        if (next.chatReadyAt === undefined) {
          await bookChatsAndChannel();
          continue; // pick again: a more urgent send may have come meanwhile; one whose chat must wait is set aside
        }
        // The sends whose chats may go now, most urgent first, booked on the channel's budget together
        // (at most a quarter second's worth), each granted at its own slot by a timer while the next
        // group is booked: the channel never idles between groups.
        const group = queue
          .filter((w) => !w.scheduled && w.chatReadyAt !== undefined && w.chatReadyAt <= now)
          .sort(byPriority)
          .slice(0, groupSize);
        const [firstWait = 0] = await reserveMany([{ key: `${d.channel}:all`, limit: overall, count: group.length }]);
        schedule(group, firstWait, Date.now());
      }
    } finally {
      pumping = false;
    }
  }

  function kick(): void {
    wake?.();
    void pump().catch((err: unknown) => d.logger.error({ err, channel: d.channel }, "send gate failed"));
  }

  // Departures: this process's latest sends on the channel, at most `windowCount` of them in any window
  // (Telegram's 30 a second: a send leaves ≥ 1,005 ms after the answer to the one 30 before), and at
  // least half an interval apart (17 ms). One at a time.
  const windowCount = Math.max(1, Math.floor(d.limits.overall.perSecond));
  const windowMs = (windowCount * 1000) / d.limits.overall.perSecond + DEPART_MARGIN_MS;
  const minGapMs = 500 / d.limits.overall.perSecond;
  let lastDeparture = 0;
  /** The last `windowCount` sends, a ring (`sends[departures % windowCount]` is the oldest): when each was answered. */
  interface Sent {
    answeredAt?: number;
    answered: Promise<void>;
  }
  const sends: Sent[] = [];
  let departures = 0;
  let departed: Promise<unknown> = Promise.resolve();
  /** When `s` was answered; waits for it if need be, and at most ANSWER_WAIT_MAX_MS (then: now). */
  async function answeredAt(s: Sent): Promise<number> {
    if (s.answeredAt === undefined) {
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([s.answered, new Promise<void>((r) => (timer = setTimeout(r, ANSWER_WAIT_MAX_MS)))]);
      clearTimeout(timer);
    }
    return s.answeredAt ?? Date.now();
  }

  return {
    acquire(lane, chatKey) {
      return new Promise<void>((resolve) => {
        queue.push({ lane, order: order++, chatKey, resolve });
        kick();
      });
    },
    depart() {
      const mine = departed.then(async () => {
        const slot = departures % windowCount;
        const oldest = sends[slot];
        const windowOpens = oldest ? (await answeredAt(oldest)) + windowMs : 0;
        // Half an interval after the previous departure at least: sends granted together (after a busy
        // moment) leave spread out, so the window never turns into bursts of `limit` and a pause.
        const wait = Math.max(windowOpens, lastDeparture + minGapMs) - Date.now();
        if (wait >= 1) await new Promise((r) => setTimeout(r, wait));
        lastDeparture = Date.now();
        let answer!: () => void;
        const sent: Sent = { answered: new Promise<void>((r) => (answer = r)) };
        sends[slot] = sent;
        departures += 1;
        return () => {
          sent.answeredAt ??= Date.now();
          answer();
        };
      });
      departed = mine;
      return mine;
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
