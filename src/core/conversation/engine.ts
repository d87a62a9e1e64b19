// The conversation engine: one entry point for every channel. An inbound event is deduped, the
// person's state read (and checked against the flow's schema), the event dispatched to a flow, the
// state saved and the replies delivered — one person at a time. The bot can also start a turn itself
// (a follow-up question, a reminder): the same steps without an inbound event.
import { matchLocale, type Translator } from "../../shared/i18n/index.ts";
import type { Channel, ChannelName, ConversationState, HandleResult, InboundEnvelope, InboundSink, LockService, OutboundMessage, PersonRecord, SendResult, StartPayloadHandler } from "../ports.ts";
import { createDelivery, type DeliverOptions } from "./delivery.ts";
import { dispatchEvent } from "./dispatch.ts";
import type { FlowDefinition, FlowDeps } from "./flow.ts";
import { FLOWS } from "./flows/index.ts";
import { KeyedMutex } from "./keyed-mutex.ts";
import { checkStoredState, createFlowRegistry } from "./registry.ts";
import { IDLE_STATE, Turn } from "./turn.ts";

export { nextRetryAt, RETRY_DELAYS_MINUTES } from "./delivery.ts";

/** What a bot-initiated turn did: ran (its messages were sent), or was skipped and why. */
export type BotTurnResult = { status: "ran"; sent: number } | { status: "skipped"; reason: "gone" | "unreachable" };

export interface ConversationEngine extends InboundSink {
  /** Sends a message to a person outside a conversation turn (counsellor replies). */
  deliver(person: Pick<PersonRecord, "id" | "channel" | "locale">, externalId: string, message: OutboundMessage, options?: Omit<DeliverOptions, "record">): Promise<SendResult>;
  /**
   * Runs a flow for a person without an inbound event (a follow-up question, an RSVP prompt, a
   * reminder with buttons), under the same per-person lock as their messages. The options it asks
   * become the menu on screen, so a tap, a digit or the words answer them like any other question.
   */
  startTurn(input: { personId: string; flow: string; params?: Record<string, unknown> }): Promise<BotTurnResult>;
  /** Sends again the failed replies whose retry is due (a job calls this every minute). */
  redeliverDue(limit: number): Promise<{ claimed: number; sent: number }>;
  /** Waits for in-flight turns to finish (graceful shutdown). */
  drain(): Promise<void>;
}

export interface EngineOptions extends Omit<FlowDeps, "flows"> {
  channels: ReadonlyMap<ChannelName, Channel>;
  translator: Translator;
  /** Cross-instance per-person lock (PostgreSQL advisory locks); in-process serialisation always applies. */
  locks?: Pick<LockService, "withLock">;
  /** Start payloads answered outside the conversation (no person is created), e.g. staff linking. */
  startHandlers?: readonly StartPayloadHandler[];
  /** Flows beyond the built-in list (tests, features wired at the composition root). */
  extraFlows?: readonly FlowDefinition[];
}

export function createConversationEngine(options: EngineOptions): ConversationEngine {
  const { stores, logger, translator } = options;
  const mutex = new KeyedMutex();
  const deps: FlowDeps = { ...options, flows: createFlowRegistry([...FLOWS, ...(options.extraFlows ?? [])]) };
  const delivery = createDelivery(options);
  /** One person at a time: in this process (arrival order), and across instances when locks are given. */
  const serialised = <T>(channel: ChannelName, externalId: string, work: () => Promise<T>): Promise<T> => {
    const key = `${channel}:${externalId}`;
    return mutex.run(key, () => (options.locks ? options.locks.withLock(`turn:${key}`, work) : work()));
  };

  /** The stored state, or the idle menu (with a kind word) when the row no longer parses. */
  async function readState(person: PersonRecord): Promise<{ state: ConversationState; reset: boolean }> {
    const stored = await stores.conversations.getConversation(person.id);
    if (!stored) return { state: IDLE_STATE, reset: false };
    const checked = checkStoredState(deps.flows, stored);
    if (checked.ok) return { state: checked.state, reset: false };
    logger.warn({ person: person.handle, flow: stored.flow, reason: checked.reason }, "stored conversation did not parse; person reset to the menu");
    return { state: { ...IDLE_STATE, menuSeq: stored.menuSeq }, reset: true };
  }

  /** Saves the state and sends the turn's messages (not stored after an erasure). */
  async function finishTurn(turn: Turn, externalId: string): Promise<number> {
    if (!turn.erased) await stores.conversations.saveConversation(turn.person.id, turn.state);
    let sent = 0;
    for (const message of turn.outbox) {
      if ((await delivery.deliver(turn.person, externalId, message, { record: !turn.erased })).status === "sent") sent += 1;
    }
    return sent;
  }

  /** True when a start handler answered: the event never reaches the conversation. */
  async function routeStartPayload(envelope: InboundEnvelope): Promise<boolean> {
    const payload = envelope.event.kind === "start" ? envelope.event.payload : undefined;
    const handler = payload ? options.startHandlers?.find((h) => payload.startsWith(h.prefix)) : undefined;
    if (!payload || !handler) return false;
    const reply = await handler.handle({ channel: envelope.channel, externalId: envelope.externalId, payload, localeHint: envelope.localeHint });
    if (!reply) return false;
    const result = await delivery.send(envelope.channel, envelope.externalId, reply.message, reply.locale);
    logger.info({ channel: envelope.channel, prefix: handler.prefix, status: result.status }, "start payload handled outside the conversation");
    return true;
  }

  async function handle(envelope: InboundEnvelope): Promise<HandleResult> {
    if (await routeStartPayload(envelope)) return { duplicate: false };
    const locale = matchLocale(envelope.localeHint) ?? "vi";
    const { person, created } = await stores.people.findOrCreatePerson({ channel: envelope.channel, externalId: envelope.externalId, locale });
    const inbound = await stores.messages.recordInbound({ personId: person.id, channel: envelope.channel, channelMessageId: envelope.channelMessageId, body: envelope.event });
    if (inbound.duplicate) {
      logger.info({ channel: envelope.channel, person: person.handle }, "duplicate delivery ignored");
      return { duplicate: true };
    }
    await stores.people.updatePerson(person.id, { lastSeenAt: options.clock.now(), ...(person.reachable ? {} : { reachable: true }) });
    const { state, reset } = await readState(person);
    const turn = new Turn(person, state, translator.t, [inbound.id]);
    if (reset) turn.say(turn.t("common:errors.stateReset"));
    await dispatchEvent(turn, deps, envelope.event, created);
    const replies = turn.outbox.length;
    await finishTurn(turn, envelope.externalId);
    logger.info({ channel: envelope.channel, person: turn.erased ? undefined : person.handle, event: envelope.event.kind, flow: turn.state.flow, step: turn.state.step, replies }, "turn handled");
    return { duplicate: false };
  }

  async function startTurn(input: { personId: string; flow: string; params?: Record<string, unknown> }): Promise<BotTurnResult> {
    const address = await stores.people.getAddress(input.personId);
    if (!address) return { status: "skipped", reason: "gone" };
    if (!address.reachable) return { status: "skipped", reason: "unreachable" };
    return serialised(address.channel, address.externalId, async () => {
      const person = await stores.people.getPerson(input.personId);
      if (!person) return { status: "skipped", reason: "gone" } as const;
      const { state } = await readState(person);
      const turn = new Turn(person, state, translator.t, []);
      await deps.flows.enter(input.flow, turn, deps, input.params);
      const sent = await finishTurn(turn, address.externalId);
      logger.info({ channel: person.channel, person: person.handle, flow: turn.state.flow, step: turn.state.step, replies: turn.outbox.length }, "bot-initiated turn");
      return { status: "ran", sent } as const;
    });
  }

  return {
    handleInbound: (envelope) => serialised(envelope.channel, envelope.externalId, () => handle(envelope)),
    async setReachable(channel, externalId, reachable) {
      const person = await stores.people.findPerson(channel, externalId);
      if (person) await stores.people.updatePerson(person.id, { reachable });
    },
    deliver: (person, externalId, message, opts) => delivery.deliver(person, externalId, message, opts),
    startTurn,
    async redeliverDue(limit) {
      const due = await stores.messages.claimDueRetries(options.clock.now(), limit);
      let sent = 0;
      for (const m of due) {
        const address = await stores.people.getAddress(m.personId);
        if (!address) continue; // erased meanwhile: nothing to send to
        // Through the person's lock, so a retry never interleaves with a turn of theirs.
        if (await serialised(address.channel, address.externalId, () => delivery.redeliverOne(m, address))) sent += 1;
      }
      return { claimed: due.length, sent };
    },
    drain: () => mutex.drain(),
  };
}
