// The conversation engine: one entry point for every channel. For each inbound event it dedupes,
// reads the person's state, applies commands, danger triage and the current flow, saves the state,
// and delivers the replies through the person's channel, recording each one.
import { matchLocale, type Translator } from "../../shared/i18n/index.ts";
import type { Logger } from "../../shared/logging/logger.ts";
import type { Channel, ChannelName, HandleResult, InboundEnvelope, InboundSink, LockService, OutboundMessage, PersonRecord, SendResult, StartPayloadHandler } from "../ports.ts";
import type { FlowDeps } from "./deps.ts";
import { KeyedMutex } from "./keyed-mutex.ts";
import { createFlows } from "./flows/index.ts";
import { IDLE_STATE, Turn } from "./turn.ts";
import { dispatchEvent } from "./dispatch.ts";

export interface ConversationEngine extends InboundSink {
  /** Sends a message to a person outside a conversation turn (counsellor replies, reminders). */
  deliver(person: Pick<PersonRecord, "id" | "channel" | "locale">, externalId: string, message: OutboundMessage, options?: { author?: "bot" | "counsellor"; caseId?: string | null }): Promise<void>;
  /** Sends again the failed replies whose retry is due (a job calls this every minute). */
  redeliverDue(limit: number): Promise<{ claimed: number; sent: number }>;
  /** Waits for in-flight turns to finish (graceful shutdown). */
  drain(): Promise<void>;
}

/** Minutes to wait after the 1st, 2nd, 3rd and 4th failed attempt; after the 5th we give up. */
export const RETRY_DELAYS_MINUTES = [1, 5, 30, 120] as const;

export function nextRetryAt(attemptsMade: number, now: Date): Date | null {
  const minutes = RETRY_DELAYS_MINUTES[attemptsMade - 1];
  return minutes === undefined ? null : new Date(now.getTime() + minutes * 60_000);
}

export interface EngineOptions extends FlowDeps {
  channels: ReadonlyMap<ChannelName, Channel>;
  logger: Logger;
  translator: Translator;
  /** Cross-instance per-person lock (PostgreSQL advisory locks); in-process serialisation always applies. */
  locks?: Pick<LockService, "withLock">;
  /** Start payloads answered outside the conversation (no person is created), e.g. staff linking. */
  startHandlers?: readonly StartPayloadHandler[];
}

export function createConversationEngine(options: EngineOptions): ConversationEngine {
  const { store, channels, logger, translator } = options;
  const mutex = new KeyedMutex();
  const flows = createFlows();
  /** One person at a time: in this process (arrival order), and across instances when locks are given. */
  const serialised = <T>(channel: ChannelName, externalId: string, work: () => Promise<T>): Promise<T> => {
    const key = `${channel}:${externalId}`;
    return mutex.run(key, () => (options.locks ? options.locks.withLock(`turn:${key}`, work) : work()));
  };

  async function deliver(person: Pick<PersonRecord, "id" | "channel" | "locale">, externalId: string, message: OutboundMessage, opts: { author?: "bot" | "counsellor"; caseId?: string | null; record?: boolean } = {}) {
    const channel = channels.get(person.channel);
    const recorded = opts.record === false ? undefined : await store.recordOutbound({ personId: person.id, channel: person.channel, author: opts.author ?? "bot", body: message, caseId: opts.caseId ?? null });
    if (!channel) {
      logger.error({ channel: person.channel }, "no adapter for this channel; reply kept as failed for a later retry");
      if (recorded) await settle(recorded.id, person.id, { status: "retryable" }, 1);
      return;
    }
    const result = await channel.send(externalId, message, person.locale, { seq: recorded?.seq, erased: opts.record === false }).catch((error: unknown) => {
      logger.error({ channel: person.channel, err: error }, "channel send threw");
      return { status: "retryable" as const, channelMessageId: undefined };
    });
    if (recorded) await settle(recorded.id, person.id, result, 1);
  }

  /** Records how a send went: a retryable failure is tried again later, a permanent one never. */
  async function settle(messageId: string, personId: string, result: SendResult, attemptsMade: number) {
    const failed = result.status === "retryable" || result.status === "permanent";
    await store.markDelivery(messageId, failed ? "failed" : (result.status as "sent" | "unreachable"), result.channelMessageId);
    if (failed) await store.scheduleRetry(messageId, attemptsMade, result.status === "retryable" ? nextRetryAt(attemptsMade, options.clock.now()) : null);
    if (result.status === "unreachable") await store.updatePerson(personId, { reachable: false });
  }

  type Address = NonNullable<Awaited<ReturnType<typeof store.getAddress>>>;
  async function redeliverOne(m: { id: string; personId: string; body: OutboundMessage; attempts: number }, address: Address): Promise<boolean> {
    if (!address.reachable) {
      await store.markDelivery(m.id, "unreachable");
      return false;
    }
    const channel = channels.get(address.channel);
    const result = channel
      ? await channel.send(address.externalId, m.body, address.locale).catch(() => ({ status: "retryable" as const, channelMessageId: undefined }))
      : { status: "retryable" as const, channelMessageId: undefined };
    await settle(m.id, m.personId, result, m.attempts + 1);
    logger.info({ channel: address.channel, status: result.status, attempt: m.attempts + 1 }, "reply redelivery");
    return result.status === "sent";
  }

  /** True when a start handler answered: the event never reaches the conversation. */
  async function routeStartPayload(envelope: InboundEnvelope): Promise<boolean> {
    const payload = envelope.event.kind === "start" ? envelope.event.payload : undefined;
    const handler = payload ? options.startHandlers?.find((h) => payload.startsWith(h.prefix)) : undefined;
    if (!payload || !handler) return false;
    const reply = await handler.handle({ channel: envelope.channel, externalId: envelope.externalId, payload, localeHint: envelope.localeHint });
    if (!reply) return false;
    const result = await channels.get(envelope.channel)?.send(envelope.externalId, reply.message, reply.locale).catch((err: unknown) => void logger.error({ channel: envelope.channel, err }, "channel send threw"));
    logger.info({ channel: envelope.channel, prefix: handler.prefix, status: result?.status ?? "retryable" }, "start payload handled outside the conversation");
    return true;
  }

  async function handle(envelope: InboundEnvelope): Promise<HandleResult> {
    if (await routeStartPayload(envelope)) return { duplicate: false };
    const locale = matchLocale(envelope.localeHint) ?? "vi";
    const { person, created } = await store.findOrCreatePerson({ channel: envelope.channel, externalId: envelope.externalId, locale });
    const inbound = await store.recordInbound({ personId: person.id, channel: envelope.channel, channelMessageId: envelope.channelMessageId, body: envelope.event });
    if (inbound.duplicate) {
      logger.info({ channel: envelope.channel, person: person.handle }, "duplicate delivery ignored");
      return { duplicate: true };
    }
    await store.updatePerson(person.id, { lastSeenAt: options.clock.now(), ...(person.reachable ? {} : { reachable: true }) });
    const state = (await store.getConversation(person.id)) ?? IDLE_STATE;
    const turn = new Turn(person, state, translator.t, [inbound.id]);
    await dispatchEvent(turn, options, flows, envelope.event, created);
    if (!turn.erased) await store.saveConversation(person.id, turn.state);
    for (const message of turn.outbox) {
      await deliver(turn.person, envelope.externalId, message, { record: !turn.erased });
    }
    logger.info({ channel: envelope.channel, person: turn.erased ? undefined : person.handle, event: envelope.event.kind, flow: turn.state.flow, step: turn.state.step, replies: turn.outbox.length }, "turn handled");
    return { duplicate: false };
  }

  return {
    handleInbound: (envelope) => serialised(envelope.channel, envelope.externalId, () => handle(envelope)),
    async setReachable(channel, externalId, reachable) {
      const person = await store.findPerson(channel, externalId);
      if (person) await store.updatePerson(person.id, { reachable });
    },
    deliver: (person, externalId, message, opts) => deliver(person, externalId, message, opts),
    async redeliverDue(limit) {
      const due = await store.claimDueRetries(options.clock.now(), limit);
      let sent = 0;
      for (const m of due) {
        const address = await store.getAddress(m.personId);
        if (!address) continue; // erased meanwhile: nothing to send to
        // Through the person's lock, so a retry never interleaves with a turn of theirs.
        if (await serialised(address.channel, address.externalId, () => redeliverOne(m, address))) sent += 1;
      }
      return { claimed: due.length, sent };
    },
    drain: () => mutex.drain(),
  };
}
