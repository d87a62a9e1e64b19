// The outbox: outbound Message rows carry their lane and due time, and are sent through the one sender.
//   fast path — a turn's replies (recorded pending, leased, committed with the turn) are sent right
//               after the commit, in the same process, and settled in one statement (sendRecorded),
//               shared with the settlements of other turns finishing meanwhile (group-commit.ts);
//   due path  — a loop per process (start/stop) claims due rows by lane (FOR UPDATE SKIP LOCKED, so one
//               instance takes each): retries, expired leases, enqueued bulk. It keeps 40 to 140 rows in
//               hand while more are due (the next round is claimed while the last one is still being
//               sent), wakes at the earliest due time, at once after an enqueue here, and every minute at
//               most; the redeliver job (pg-boss) calls drainDue too.
// Delivery rule for a send cut off by a crash: urgent and staff rows are sent again when the lease runs
// out (at least once); a bulk row marked as leaving (just before it is handed to the channel) is never
// sent again (at most once: it is marked failed), and a claimed bulk row not yet marked is queued again,
// so a crash loses at most the few bulk sends in flight at that moment, not the whole claim.
import type { Logger } from "../../shared/logging/logger.ts";
import { nextRetryAt, settlementOf } from "../conversation/delivery.ts";
import type {
  ChannelName,
  Clock,
  DueOutbound,
  MessageAuthor,
  OutboundMessage,
  PersonAddress,
  PersonRecord,
  SendResult,
  SendSettlement,
  Stores,
} from "../ports.ts";
import { groupCommit } from "./group-commit.ts";
import type { Lane } from "./lanes.ts";
import type { Sender } from "./sender.ts";
import { SEND_LEASE_MS } from "../conversation/run-turn.ts";

/** Due rows claimed per round; the next round is claimed when fewer than LOW_WATER are left in hand, never more than IN_HAND_MAX. */
const CLAIM_BATCH = 100;
const LOW_WATER = 40;
const IN_HAND_MAX = 140;
/** People served at once (enough that the gate always has sends waiting at Telegram's 30 a second). */
const CONCURRENCY = 16;
/** Settlements are written at this many rows, or this long after the first waiting one. */
const SETTLE_BATCH = 25;
const SETTLE_AFTER_MS = 200;
/** The loop sleeps at most this long (rows other instances enqueued, clocks), and at least this long between empty rounds. */
const IDLE_MAX_MS = 60_000;
const IDLE_MIN_MS = 250;

export interface OutboxDeps {
  stores: Pick<Stores, "people" | "messages">;
  sender: Sender;
  clock: Clock;
  logger: Logger;
  /** Runs `work` under the person's lock (the engine's), so a resend never interleaves with their turn. */
  serialise<T>(channel: ChannelName, externalId: string, work: () => Promise<T>): Promise<T>;
}

type Recipient = Pick<PersonRecord, "id" | "channel" | "locale">;

export interface EnqueueInput {
  personId: string;
  body: OutboundMessage;
  lane: Lane;
  /** Not before this time; default now. */
  dueAt?: Date;
  /** Unique per message ever, e.g. `broadcast:<id>:<personId>`: a second enqueue with it creates nothing. */
  idempotencyKey?: string;
  author?: Exclude<MessageAuthor, "person">;
  caseId?: string | null;
}

export function createOutbox(d: OutboxDeps) {
  const { messages, people } = d.stores;
  const lease = (): Date => new Date(d.clock.now().getTime() + SEND_LEASE_MS);

  /** Settlements from concurrent turns share one statement (group commit): one transaction for many. */
  const writeSettlements = groupCommit((batch: SendSettlement[]) => messages.settleSends(batch));

  /** Settles a batch and marks people unreachable where a send said so. */
  async function settle(settlements: SendSettlement[], unreachable: Set<string>): Promise<void> {
    if (settlements.length > 0) await writeSettlements(settlements.splice(0));
    for (const personId of unreachable) await people.updatePerson(personId, { reachable: false });
    unreachable.clear();
  }

  /** Sends rows recorded earlier (a turn's replies), in order, and settles them in one statement. */
  async function sendRecorded(
    person: Recipient,
    externalId: string,
    rows: Array<{ id: string; seq: number; message: OutboundMessage; author?: "bot" | "counsellor" }>,
    lane: Lane = "urgent",
  ) {
    const results: SendResult[] = [];
    const settlements: SendSettlement[] = [];
    for (const r of rows) {
      // Once the person is unreachable, the rest are not tried.
      const result: SendResult =
        results.at(-1)?.status === "unreachable"
          ? { status: "unreachable" }
          : await d.sender.send(person.channel, externalId, r.message, person.locale, {
              lane,
              meta: { seq: r.seq, ...(r.author ? { author: r.author } : {}) },
            });
      results.push(result);
      settlements.push(settlementOf(r.id, result, 1, lane, d.clock.now()));
    }
    await settle(settlements, new Set(results.some((r) => r.status === "unreachable") ? [person.id] : []));
    return results;
  }

  /** Bulk rows leaving now, marked together (group commit) just before each is handed to the channel. */
  const markSending = groupCommit((ids: string[]) => messages.markSending(ids));

  /** Sends one claimed row for an address (the caller holds the person's lock). */
  async function sendDue(m: DueOutbound, address: PersonAddress): Promise<SendResult> {
    if (!address.reachable) return { status: "unreachable" };
    const result = await d.sender.send(address.channel, address.externalId, m.body, address.locale, {
      lane: m.lane,
      ...(m.lane === "bulk" ? { beforeSend: () => markSending([m.id]) } : {}),
    });
    d.logger.info({ channel: address.channel, lane: m.lane, status: result.status, attempt: m.attempts + 1 }, "outbox send");
    return result;
  }

  // ─── the due path: a pipeline ───
  // Claimed rows are held per person, in claim order; up to CONCURRENCY workers serve people in turn, each
  // person's rows in order under their lock (rows a later claim brings for a person being served join
  // their queue). The loop claims the next round when fewer than LOW_WATER rows are left in hand, so the
  // sender always has sends waiting at its gate: a round's last sends never leave the channel idle while
  // the next round is claimed. Settlements are written in batches (at SETTLE_BATCH rows, or SETTLE_AFTER_MS).
  interface Tracker {
    left: number;
    sent: number;
    done(): void;
  }
  interface Held {
    row: DueOutbound;
    tracker?: Tracker;
  }
  const held = new Map<string, Held[]>();
  const ready: string[] = [];
  const serving = new Set<string>();
  let inHand = 0;
  let workers = 0;
  const progressWaiters = new Set<() => void>();
  const settlements: SendSettlement[] = [];
  const unreachable = new Set<string>();
  let flushTimer: NodeJS.Timeout | undefined;

  let flushed: Promise<void> = Promise.resolve();
  /**
   * Writes the settlements so far (and marks unreachable people); resolves once every write started until
   * now is done. Failures are logged: those rows' leases bring them back.
   */
  function flush(): Promise<void> {
    clearTimeout(flushTimer);
    flushTimer = undefined;
    const gone = new Set(unreachable);
    unreachable.clear();
    const write = settle(settlements.splice(0), gone).catch((err: unknown) =>
      d.logger.warn({ err }, "outbox: could not write how sends ended; those rows are sent again (or given up) when their lease ends"),
    );
    flushed = Promise.all([flushed, write]).then(() => undefined);
    return flushed;
  }
  function noteSettlement(s: SendSettlement): void {
    settlements.push(s);
    if (settlements.length >= SETTLE_BATCH) void flush();
    else flushTimer ??= setTimeout(() => void flush(), SETTLE_AFTER_MS).unref();
  }

  function finish(h: Held, sent: boolean): void {
    inHand -= 1;
    if (h.tracker) {
      h.tracker.left -= 1;
      if (sent) h.tracker.sent += 1;
      if (h.tracker.left === 0) void flush().then(h.tracker.done);
    }
    for (const w of progressWaiters) w();
  }
  function next(personId: string): Held | undefined {
    const rows = held.get(personId);
    const h = rows?.shift();
    if (rows?.length === 0) held.delete(personId);
    return h;
  }
  /** Lets go of a person's rows in hand without sending them (erased meanwhile, or their lock failed). */
  function drop(personId: string): void {
    const rows = held.get(personId) ?? [];
    held.delete(personId);
    for (const h of rows) finish(h, false);
  }
  /** Resolves once fewer than `n` rows are in hand. */
  function inHandBelow(n: number): Promise<void> {
    return new Promise((resolve) => {
      const check = (): void => {
        if (inHand < n) {
          progressWaiters.delete(check);
          resolve();
        }
      };
      progressWaiters.add(check);
      check();
    });
  }

  async function servePerson(personId: string): Promise<void> {
    const address = await people.getAddress(personId);
    if (!address) return drop(personId); // erased meanwhile: their rows are gone too
    await d.serialise(address.channel, address.externalId, async () => {
      let reachable = address.reachable;
      for (let h = next(personId); h; h = next(personId)) {
        // Once a send says the person is unreachable, their remaining rows are not tried.
        const result = await sendDue(h.row, { ...address, reachable });
        reachable &&= result.status !== "unreachable";
        if (result.status === "unreachable" && address.reachable) unreachable.add(personId);
        noteSettlement(settlementOf(h.row.id, result, h.row.attempts + 1, h.row.lane, d.clock.now()));
        finish(h, result.status === "sent");
      }
    });
  }

  async function worker(): Promise<void> {
    workers += 1;
    try {
      for (let personId = ready.shift(); personId !== undefined; personId = ready.shift()) {
        serving.add(personId);
        try {
          await servePerson(personId);
        } catch (err) {
          d.logger.warn({ err }, "outbox: could not serve a person's due messages; they go out again when their lease ends");
          drop(personId);
        } finally {
          serving.delete(personId);
          if (held.has(personId)) ready.push(personId);
        }
      }
    } finally {
      workers -= 1;
    }
  }

  /** Takes claimed rows in hand and starts workers for them. */
  function hold(rows: readonly DueOutbound[], tracker?: Tracker): void {
    for (const row of rows) {
      inHand += 1;
      const list = held.get(row.personId);
      if (list) list.push({ row, tracker });
      else {
        held.set(row.personId, [{ row, tracker }]);
        if (!serving.has(row.personId)) ready.push(row.personId);
      }
    }
    for (let n = Math.min(CONCURRENCY - workers, ready.length); n > 0; n--) void worker();
  }

  /** Claims due rows once and sends them (the redeliver job, tests); resolves when they are sent and settled. */
  async function drainDue(limit = CLAIM_BATCH): Promise<{ claimed: number; sent: number }> {
    const due = await messages.claimDueRetries(d.clock.now(), limit, lease());
    if (due.length === 0) return { claimed: 0, sent: 0 };
    const settled = new Promise<Tracker>((resolve) => {
      const tracker: Tracker = { left: due.length, sent: 0, done: () => resolve(tracker) };
      hold(due, tracker);
    });
    return { claimed: due.length, sent: (await settled).sent };
  }

  // ─── the loop ───
  let running: Promise<void> | undefined;
  let stopped = true;
  /** Resolves when stop() is called (the loop may be waiting for rows in hand to go). */
  let stopping: Promise<void> = Promise.resolve();
  let stopNow: () => void = () => undefined;
  let wake: (() => void) | undefined;
  const nap = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(done, ms);
      function done(): void {
        clearTimeout(timer);
        wake = undefined;
        resolve();
      }
      wake = done;
    });

  async function loop(): Promise<void> {
    let lastPrune = 0;
    while (!stopped) {
      let pauseMs = IDLE_MIN_MS;
      try {
        if (inHand >= LOW_WATER) {
          await Promise.race([inHandBelow(LOW_WATER), stopping]);
          continue;
        }
        const want = Math.min(CLAIM_BATCH, IN_HAND_MAX - inHand);
        const due = await messages.claimDueRetries(d.clock.now(), want, lease());
        hold(due);
        if (due.length >= want) continue; // more may be due: claimed again once the hand runs low
        const nextDue = await messages.nextDueAt();
        const untilDue = nextDue ? nextDue.getTime() - d.clock.now().getTime() : IDLE_MAX_MS;
        pauseMs = Math.min(IDLE_MAX_MS, Math.max(IDLE_MIN_MS, untilDue));
        if (Date.now() - lastPrune > 10 * 60_000) {
          lastPrune = Date.now();
          await d.sender.prune();
        }
      } catch (err) {
        d.logger.warn({ err }, "outbox: sending due messages failed; trying again shortly");
        pauseMs = 5_000;
      }
      if (!stopped) await nap(pauseMs);
    }
  }

  return {
    lease,
    sendRecorded,
    drainDue,
    /** Records (pending, leased) and sends one message now (counsellor replies); `record: false` sends only. */
    async deliver(
      person: Recipient,
      externalId: string,
      message: OutboundMessage,
      o: { author?: Exclude<MessageAuthor, "person">; caseId?: string | null; record?: boolean } = {},
    ) {
      if (o.record === false) return d.sender.send(person.channel, externalId, message, person.locale, { lane: "urgent", meta: { erased: true } });
      const author = o.author ?? "bot";
      const recorded = await messages.recordOutbound({
        personId: person.id,
        channel: person.channel,
        author,
        body: message,
        caseId: o.caseId ?? null,
        leaseUntil: lease(),
      });
      const [result] = await sendRecorded(person, externalId, [{ ...recorded, message, author }]);
      return result!;
    },
    /** Queues a message for the due loop (bulk: follow-ups, reminders, broadcasts). Idempotent per key. */
    async enqueue(input: EnqueueInput): Promise<{ id: string; created: boolean } | null> {
      const person = await people.getPerson(input.personId);
      if (!person) return null;
      const queued = await messages.enqueueOutbound({
        personId: person.id,
        channel: person.channel,
        author: input.author ?? "bot",
        body: input.body,
        lane: input.lane,
        dueAt: input.dueAt ?? d.clock.now(),
        idempotencyKey: input.idempotencyKey,
        caseId: input.caseId ?? null,
      });
      if (queued.created) wake?.();
      return queued;
    },
    /** Queues many keyed messages in one statement (a broadcast's batch); people erased meanwhile are left out. */
    async enqueueMany(inputs: ReadonlyArray<EnqueueInput & { idempotencyKey: string }>) {
      const now = d.clock.now();
      const queued = await messages.enqueueOutboundMany(
        inputs.map((i) => ({ ...i, author: i.author ?? "bot", dueAt: i.dueAt ?? now, caseId: i.caseId ?? null })),
      );
      if (queued.some((q) => q.created)) wake?.();
      return queued;
    },
    start(): void {
      if (!stopped) return;
      stopped = false;
      stopping = new Promise((resolve) => (stopNow = resolve));
      running = loop();
    },
    /** Stops claiming, and resolves once the rows in hand are sent and settled. */
    async stop(): Promise<void> {
      stopped = true;
      stopNow();
      wake?.();
      await running;
      await inHandBelow(1);
      await flush();
    },
  };
}

export type Outbox = ReturnType<typeof createOutbox>;
export { nextRetryAt };
