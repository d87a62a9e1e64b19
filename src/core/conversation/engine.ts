// The conversation engine: one entry point for every channel.
//   accept  — the inbound event is committed to the inbox (deduped on the channel's id, before any
//             lock); until then the channel must be told to send it again (the caller answers non-2xx);
//   process — the person's accepted messages are handled in arrival order, one turn per message, each
//             turn one transaction (run-turn.ts), one person at a time across instances;
//   deliver — after the commit the replies go out at once through the one sender and are settled
//             (core/outbox: lanes, the deployment-wide budget, retry_after, the due loop).
// A crash anywhere loses nothing: unhandled inbox rows are resumed (resumeInboxes), unsettled replies
// are sent again when their lease runs out (redeliverDue). The bot can also start a turn itself.
import { matchLocale, type Translator } from "../../shared/i18n/index.ts";
import type {
  Channel,
  ChannelName,
  HandleResult,
  Lane,
  Locale,
  InboundEnvelope,
  InboundSink,
  LockService,
  OutboundMessage,
  PersonRecord,
  SendBudget,
  SendLimits,
  SendResult,
  StartPayloadHandler,
  Stores,
} from "../ports.ts";
import { noMetrics, type Metrics } from "../metrics.ts";
import { createOutbox, type EnqueueInput } from "../outbox/outbox.ts";
import { createSender } from "../outbox/sender.ts";
import { dispatchEvent } from "./dispatch.ts";
import type { FlowDefinition, FlowDeps } from "./flow.ts";
import { FLOWS } from "./flows/index.ts";
import { KeyedMutex } from "./keyed-mutex.ts";
import { createFlowRegistry } from "./registry.ts";
import { runTurn, type TurnOutcome, type TurnResult, type TurnWork } from "./run-turn.ts";

export { nextRetryAt, RETRY_DELAYS_MINUTES } from "./delivery.ts";

/** What a counsellor reply (or any message outside a turn) may say about itself. */
export interface DeliverOptions {
  author?: "bot" | "counsellor";
  caseId?: string | null;
}

/** What a bot-initiated turn did: ran (its messages were sent), or was skipped and why. */
export type BotTurnResult = { status: "ran"; sent: number } | { status: "skipped"; reason: "gone" | "unreachable" };

export interface ConversationEngine extends InboundSink {
  /** Sends a message to a person outside a conversation turn (counsellor replies). */
  deliver(person: Pick<PersonRecord, "id" | "channel" | "locale">, externalId: string, message: OutboundMessage, options?: DeliverOptions): Promise<SendResult>;
  /** Sends an unrecorded message through the one sender in `lane` (staff pings: lane "staff"). */
  sendTo(channel: ChannelName, externalId: string, message: OutboundMessage, locale: Locale, lane: Lane): Promise<SendResult>;
  /**
   * Queues a message for a person, sent by the outbox when due (bulk: follow-ups, reminders, broadcasts).
   * With an idempotency key a second call creates nothing (`created` false); null when the person is gone.
   */
  enqueue(input: EnqueueInput): Promise<{ id: string; created: boolean } | null>;
  /** Queues many keyed messages in one statement (a broadcast's batch); one entry per person still there. */
  enqueueMany(inputs: ReadonlyArray<EnqueueInput & { idempotencyKey: string }>): Promise<Array<{ personId: string; id: string; created: boolean }>>;
  /** Starts and stops the outbox's due loop (the composition root does, after start and before the database closes). */
  startSender(): void;
  stopSender(): Promise<void>;
  /** Sends waiting for the rate limiter now, by channel and lane (metrics). */
  sendQueue(): Array<{ channel: ChannelName; lane: Lane; count: number }>;
  /**
   * Runs a flow for a person without an inbound event (a follow-up question, an RSVP prompt, a
   * reminder with buttons), under the same per-person lock as their messages. The options it asks
   * become the menu on screen, so a tap, a digit or the words answer them like any other question.
   */
  startTurn(input: { personId: string; flow: string; params?: Record<string, unknown> }): Promise<BotTurnResult>;
  /** Sends again the failed replies whose retry is due and the unsettled ones whose lease ran out (a job, every minute). */
  redeliverDue(limit: number): Promise<{ claimed: number; sent: number }>;
  /** Handles messages accepted before `olderThanMs` whose turns never committed (a crash; a job, every minute and at start). */
  resumeInboxes(options?: { limit?: number; olderThanMs?: number }): Promise<{ people: number }>;
  /** Waits for in-flight turns to finish (graceful shutdown). */
  drain(): Promise<void>;
}

/** After this many failed attempts a message's turn is given up: the person is told, the row marked handled. */
export const MAX_TURN_ATTEMPTS = 3;

export interface EngineOptions extends Omit<FlowDeps, "flows" | "stores"> {
  stores: Pick<Stores, "people" | "messages" | "unitOfWork">;
  channels: ReadonlyMap<ChannelName, Channel>;
  translator: Translator;
  /** Cross-instance per-person lock (PostgreSQL advisory locks); in-process serialisation always applies. */
  locks?: Pick<LockService, "withLock">;
  /** Start payloads answered outside the conversation (no person is created), e.g. staff linking. */
  startHandlers?: readonly StartPayloadHandler[];
  /** Flows beyond the built-in list (tests, features wired at the composition root). */
  extraFlows?: readonly FlowDefinition[];
  /** Turn durations, sends, database errors; nothing is recorded when absent. */
  metrics?: Metrics;
  /** The deployment-wide send budget and each channel's limits; absent: nothing is throttled. */
  budget?: SendBudget;
  sendLimits?: SendLimits;
}

const NO_BUDGET: SendBudget = { reserveMany: async (r) => r.map(() => 0), prune: async () => undefined };

export function createConversationEngine(options: EngineOptions): ConversationEngine {
  const { stores, logger, translator, clock } = options;
  const mutex = new KeyedMutex();
  const metrics = options.metrics ?? noMetrics;
  const { caseEvents, ...base } = options;
  const flowDeps = { ...base, flows: createFlowRegistry([...FLOWS, ...(options.extraFlows ?? [])]) };
  const sender = createSender({ channels: options.channels, budget: options.budget ?? NO_BUDGET, limits: options.sendLimits ?? {}, logger, metrics });
  const turnDeps = { unitOfWork: stores.unitOfWork, flowDeps, translator, clock, logger };
  /** runTurn, timed (wall time, not the injected clock: operators want real durations). */
  const timedTurn = async (input: Parameters<typeof runTurn>[1]): Promise<TurnResult> => {
    const started = performance.now();
    try {
      const outcome = await runTurn(turnDeps, input);
      metrics.observeTurn(performance.now() - started, "committed");
      return outcome;
    } catch (error) {
      metrics.observeTurn(performance.now() - started, "rolled_back");
      metrics.countDbError("turn_rollback");
      throw error;
    }
  };
  /** The person's lock name: turns take it inside their transaction (openTurn), redeliveries around the send. */
  const lockName = (channel: ChannelName, externalId: string): string => `turn:${channel}:${externalId}`;
  /** One person at a time in this process (arrival order); across instances each turn's transaction takes the lock. */
  const inProcess = <T>(channel: ChannelName, externalId: string, work: () => Promise<T>): Promise<T> => mutex.run(`${channel}:${externalId}`, work);
  /** One person at a time: in this process, and across instances when locks are given (work outside a turn's transaction). */
  const serialised = <T>(channel: ChannelName, externalId: string, work: () => Promise<T>): Promise<T> =>
    inProcess(channel, externalId, () => (options.locks ? options.locks.withLock(lockName(channel, externalId), work) : work()));
  const outbox = createOutbox({ stores, sender, clock, logger, serialise: serialised });

  /** After the commit: announce urgent cases, then send the replies (recorded ones are settled). */
  async function afterCommit(outcome: TurnOutcome, externalId: string): Promise<number> {
    for (const event of outcome.events) await caseEvents?.caseUrgent(event);
    const results: SendResult[] = [];
    if (outcome.erased) for (const r of outcome.replies) results.push(await outbox.deliver(outcome.person, externalId, r.message, { record: false }));
    else
      results.push(
        ...(await outbox.sendRecorded(
          outcome.person,
          externalId,
          outcome.replies.map((r) => ({ id: r.id!, seq: r.seq ?? 0, message: r.message })),
        )),
      );
    return results.filter((r) => r.status === "sent").length;
  }

  const inboundWork: TurnWork = (turn, deps, firstContact, inbound) => dispatchEvent(turn, deps, inbound!.body, firstContact);

  /**
   * Handles the person's accepted messages in arrival order, one transaction each (the read of the next
   * message is inside it, after the lock); stops at a failing one (retried later). Call it in `inProcess`.
   */
  async function processInbox(personId: string, channel: ChannelName, externalId: string): Promise<void> {
    for (;;) {
      const attempt: { inboundId?: string } = {};
      let result: TurnResult;
      try {
        result = await timedTurn({ personId, lockName: lockName(channel, externalId), inbox: true, work: inboundWork, attempt });
      } catch (error) {
        // Failed before a message was read (no lock, no database): nothing to count; the caller logs it.
        if (attempt.inboundId === undefined) throw error;
        if (!(await turnFailed(personId, externalId, attempt.inboundId, error))) return;
        continue;
      }
      if (result.status !== "done") return; // the person is gone, or nothing is left
      const { outcome } = result;
      await afterCommit(outcome, externalId);
      logger.info(
        {
          channel: outcome.person.channel,
          person: outcome.erased ? undefined : outcome.person.handle,
          event: outcome.inbound?.body.kind,
          flow: outcome.state.flow,
          step: outcome.state.step,
          replies: outcome.replies.length,
        },
        "turn handled",
      );
      // No second message was waiting when the turn began: one accepted since is processed by its own
      // accepter, which queues behind this one (in process) or behind the lock (another instance).
      if (outcome.erased || !outcome.more) return;
    }
  }

  /** A turn rolled back: counted; after MAX_TURN_ATTEMPTS the person is told and the message set aside. True: go on. */
  async function turnFailed(personId: string, externalId: string, messageId: string, error: unknown): Promise<boolean> {
    const attempts = await stores.messages.countFailedTurn(messageId);
    logger.error({ err: error, attempts }, "turn failed and was rolled back; the message stays in the inbox");
    if (attempts < MAX_TURN_ATTEMPTS) return false;
    await stores.messages.markHandled(messageId, clock.now());
    const person = await stores.people.getPerson(personId);
    if (person) await outbox.deliver(person, externalId, { kind: "text", text: translator.t(person.locale, "common:errors.turnFailed") });
    return true;
  }

  /** True when a start handler answered: the event never reaches the conversation. */
  async function routeStartPayload(envelope: InboundEnvelope): Promise<boolean> {
    const payload = envelope.event.kind === "start" ? envelope.event.payload : undefined;
    const handler = payload ? options.startHandlers?.find((h) => payload.startsWith(h.prefix)) : undefined;
    if (!payload || !handler) return false;
    const reply = await handler.handle({ channel: envelope.channel, externalId: envelope.externalId, payload, localeHint: envelope.localeHint });
    if (!reply) return false;
    const result = await sender.send(envelope.channel, envelope.externalId, reply.message, reply.locale, { lane: "urgent" });
    logger.info({ channel: envelope.channel, prefix: handler.prefix, status: result.status }, "start payload handled outside the conversation");
    return true;
  }

  /** Commits the event to the inbox. Throws when the database cannot take it: the channel must resend. */
  async function accept(envelope: InboundEnvelope): Promise<{ personId: string; duplicate: boolean; handled: boolean }> {
    const locale = matchLocale(envelope.localeHint) ?? "vi";
    // One statement: the person found or created, the event in their inbox (deduped), no lock.
    const inbound = await stores.messages.acceptInbound({
      channel: envelope.channel,
      externalId: envelope.externalId,
      locale,
      channelMessageId: envelope.channelMessageId,
      body: envelope.event,
    });
    if (inbound.duplicate) logger.info({ channel: envelope.channel, person: inbound.handle, handled: inbound.handled }, "duplicate delivery");
    return { personId: inbound.personId, duplicate: inbound.duplicate, handled: inbound.handled };
  }

  async function handleInbound(envelope: InboundEnvelope): Promise<HandleResult> {
    if (await routeStartPayload(envelope)) return { duplicate: false };
    const accepted = await accept(envelope).catch((error: unknown) => {
      metrics.countDbError("accept");
      throw error;
    });
    // A redelivery of a message already handled is answered at once, before any lock; one accepted
    // earlier whose turn never ran (the process died) is handled now.
    if (accepted.duplicate && accepted.handled) return { duplicate: true };
    // Accepted: from here a failure never un-accepts; the inbox keeps the message for a later attempt.
    await inProcess(envelope.channel, envelope.externalId, () => processInbox(accepted.personId, envelope.channel, envelope.externalId)).catch(
      (error: unknown) => {
        metrics.countDbError("inbox");
        logger.error({ err: error, channel: envelope.channel }, "processing failed after the message was accepted; it stays in the inbox");
      },
    );
    return { duplicate: accepted.duplicate };
  }

  async function startTurn(input: { personId: string; flow: string; params?: Record<string, unknown> }): Promise<BotTurnResult> {
    const address = await stores.people.getAddress(input.personId);
    if (!address) return { status: "skipped", reason: "gone" };
    if (!address.reachable) return { status: "skipped", reason: "unreachable" };
    return inProcess(address.channel, address.externalId, async () => {
      const work: TurnWork = (turn, deps) => deps.flows.enter(input.flow, turn, deps, input.params);
      const result = await timedTurn({ personId: input.personId, lockName: lockName(address.channel, address.externalId), inbox: false, work });
      if (result.status !== "done") return { status: "skipped", reason: "gone" } as const;
      const { outcome } = result;
      const sent = await afterCommit(outcome, address.externalId);
      logger.info(
        { channel: address.channel, person: outcome.person.handle, flow: outcome.state.flow, step: outcome.state.step, replies: outcome.replies.length },
        "bot-initiated turn",
      );
      return { status: "ran", sent } as const;
    });
  }

  return {
    handleInbound,
    async setReachable(channel, externalId, reachable) {
      const person = await stores.people.findPerson(channel, externalId);
      if (person) await stores.people.updatePerson(person.id, { reachable });
    },
    deliver: (person, externalId, message, opts) => outbox.deliver(person, externalId, message, opts),
    sendTo: (channel, externalId, message, locale, lane) => sender.send(channel, externalId, message, locale, { lane }),
    enqueue: (input) => outbox.enqueue(input),
    enqueueMany: (inputs) => outbox.enqueueMany(inputs),
    startSender: () => outbox.start(),
    stopSender: () => outbox.stop(),
    sendQueue: () => sender.waiting(),
    startTurn,
    // Through each person's lock, so a retry never interleaves with a turn of theirs.
    redeliverDue: (limit) => outbox.drainDue(limit),
    async resumeInboxes({ limit = 100, olderThanMs = 30_000 } = {}) {
      const people = await stores.messages.peopleWithUnhandled(new Date(clock.now().getTime() - olderThanMs), limit);
      for (const personId of people) {
        const address = await stores.people.getAddress(personId);
        if (!address) continue;
        await inProcess(address.channel, address.externalId, () => processInbox(personId, address.channel, address.externalId)).catch((error: unknown) => {
          metrics.countDbError("inbox");
          logger.error({ err: error, channel: address.channel }, "resuming an inbox failed; will try again");
        });
      }
      if (people.length > 0) logger.info({ people: people.length }, "resumed accepted messages whose turns had not run");
      return { people: people.length };
    },
    drain: () => mutex.drain(),
  };
}
