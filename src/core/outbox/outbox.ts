// The outbox: outbound Message rows carry their lane and due time, and are sent through the one sender.
//   fast path — a turn's replies (recorded pending, leased, committed with the turn) are sent right
//               after the commit, in the same process, and settled in one statement (sendRecorded),
//               shared with the settlements of other turns finishing meanwhile (group-commit.ts);
//   due path  — a loop per process (start/stop) claims due rows by lane (FOR UPDATE SKIP LOCKED, so one
//               instance takes each): retries, expired leases, enqueued bulk. It wakes at the earliest
//               due time, at once after an enqueue here, and every minute at most; the redeliver job
//               (pg-boss) calls drainDue too.
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

/** Due rows claimed per round, people served at once in a round, settlements written per statement. */
const CLAIM_BATCH = 100;
const CONCURRENCY = 8;
const SETTLE_BATCH = 25;
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

  /** Claims due rows and sends them, people in parallel, each person's rows in order under their lock. */
  async function drainDue(limit = CLAIM_BATCH): Promise<{ claimed: number; sent: number }> {
    const due = await messages.claimDueRetries(d.clock.now(), limit, lease());
    const byPerson = new Map<string, DueOutbound[]>();
    for (const m of due) byPerson.set(m.personId, [...(byPerson.get(m.personId) ?? []), m]);
    const settlements: SendSettlement[] = [];
    const unreachable = new Set<string>();
    let sent = 0;
    const queue = [...byPerson.entries()];
    const worker = async (): Promise<void> => {
      for (let next = queue.shift(); next; next = queue.shift()) {
        const [personId, rows] = next;
        const address = await people.getAddress(personId);
        if (!address) continue; // erased meanwhile: its rows are gone too
        await d.serialise(address.channel, address.externalId, async () => {
          let reachable = address.reachable;
          for (const m of rows) {
            // Once a send says the person is unreachable, their remaining rows are not tried.
            const result = await sendDue(m, { ...address, reachable });
            reachable &&= result.status !== "unreachable";
            if (result.status === "sent") sent += 1;
            if (result.status === "unreachable" && address.reachable) unreachable.add(personId);
            settlements.push(settlementOf(m.id, result, m.attempts + 1, m.lane, d.clock.now()));
          }
        });
        if (settlements.length >= SETTLE_BATCH) await settle(settlements, unreachable);
      }
    };
    try {
      await Promise.all(Array.from({ length: Math.min(CONCURRENCY, queue.length) }, worker));
    } finally {
      await settle(settlements, unreachable);
    }
    return { claimed: due.length, sent };
  }

  // ─── the loop ───
  let running: Promise<void> | undefined;
  let stopped = true;
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
        const { claimed } = await drainDue();
        if (claimed >= CLAIM_BATCH) continue;
        const next = await messages.nextDueAt();
        const untilDue = next ? next.getTime() - d.clock.now().getTime() : IDLE_MAX_MS;
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
      running = loop();
    },
    async stop(): Promise<void> {
      stopped = true;
      wake?.();
      await running;
    },
  };
}

export type Outbox = ReturnType<typeof createOutbox>;
export { nextRetryAt };
