// Sending what the core says: each message is recorded (sealed, pending, with a send lease), sent
// through the person's channel, and settled — sent; a retryable failure gets a retry time; a permanent
// one is never retried; an unreachable person is marked so. A message whose lease runs out unsettled
// (the process died mid-send) is claimed again by redeliverDue: replies go out at least once.
import type { Logger } from "../../shared/logging/logger.ts";
import type { Metrics } from "../metrics.ts";
import type { Channel, ChannelName, Clock, MessageAuthor, OutboundMessage, PersonAddress, PersonRecord, SendResult, Stores } from "../ports.ts";
import { SEND_LEASE_MS } from "./run-turn.ts";

/** Minutes to wait after the 1st, 2nd, 3rd and 4th failed attempt; after the 5th we give up. */
export const RETRY_DELAYS_MINUTES = [1, 5, 30, 120] as const;

export function nextRetryAt(attemptsMade: number, now: Date): Date | null {
  const minutes = RETRY_DELAYS_MINUTES[attemptsMade - 1];
  return minutes === undefined ? null : new Date(now.getTime() + minutes * 60_000);
}

export interface DeliverOptions {
  author?: Exclude<MessageAuthor, "person">;
  caseId?: string | null;
  /** false after the person erased their data: the message is sent but not stored. */
  record?: boolean;
}

export interface DeliveryDeps {
  stores: Pick<Stores, "people" | "messages">;
  channels: ReadonlyMap<ChannelName, Channel>;
  logger: Logger;
  clock: Clock;
  /** Every send is counted by channel and result. */
  metrics: Pick<Metrics, "countSend">;
}

type DueRetry = { id: string; personId: string; body: OutboundMessage; attempts: number };

export function createDelivery(d: DeliveryDeps) {
  /** Never throws for a per-recipient failure: a channel that throws counts as a retryable failure. Counted. */
  async function send(...args: Parameters<typeof sendOnce>): Promise<SendResult> {
    const result = await sendOnce(...args);
    d.metrics.countSend(args[0], result.status);
    return result;
  }

  async function sendOnce(
    channelName: ChannelName,
    externalId: string,
    message: OutboundMessage,
    locale: PersonRecord["locale"],
    meta?: Parameters<Channel["send"]>[3],
  ): Promise<SendResult> {
    const channel = d.channels.get(channelName);
    if (!channel) {
      d.logger.error({ channel: channelName }, "no adapter for this channel; reply kept as failed for a later retry");
      return { status: "retryable" };
    }
    return channel.send(externalId, message, locale, meta).catch((error: unknown) => {
      d.logger.error({ channel: channelName, err: error }, "channel send threw");
      return { status: "retryable" as const };
    });
  }

  async function settle(messageId: string, personId: string, result: SendResult, attemptsMade: number): Promise<void> {
    const failed = result.status === "retryable" || result.status === "permanent";
    await d.stores.messages.markDelivery(messageId, failed ? "failed" : (result.status as "sent" | "unreachable"), result.channelMessageId);
    if (failed) await d.stores.messages.scheduleRetry(messageId, attemptsMade, result.status === "retryable" ? nextRetryAt(attemptsMade, d.clock.now()) : null);
    if (result.status === "unreachable") await d.stores.people.updatePerson(personId, { reachable: false });
  }

  const lease = (): Date => new Date(d.clock.now().getTime() + SEND_LEASE_MS);

  /** Records the message (pending, leased) unless told not to, sends it, and settles it. */
  async function deliver(
    person: Pick<PersonRecord, "id" | "channel" | "locale">,
    externalId: string,
    message: OutboundMessage,
    o: DeliverOptions = {},
  ): Promise<SendResult> {
    if (o.record === false) return send(person.channel, externalId, message, person.locale, { erased: true });
    const recorded = await d.stores.messages.recordOutbound({
      personId: person.id,
      channel: person.channel,
      author: o.author ?? "bot",
      body: message,
      caseId: o.caseId ?? null,
      leaseUntil: lease(),
    });
    return sendRecorded(person, externalId, { ...recorded, message, author: o.author });
  }

  /** Sends a message recorded earlier (a turn's reply, committed with the turn) and settles it. */
  async function sendRecorded(
    person: Pick<PersonRecord, "id" | "channel" | "locale">,
    externalId: string,
    r: { id: string; seq: number; message: OutboundMessage; author?: "bot" | "counsellor" },
  ): Promise<SendResult> {
    const result = await send(person.channel, externalId, r.message, person.locale, { seq: r.seq, ...(r.author ? { author: r.author } : {}) });
    await settle(r.id, person.id, result, 1);
    return result;
  }

  /** Sends one due retry again (the caller holds the person's lock); true when it went out. */
  async function redeliverOne(m: DueRetry, address: PersonAddress): Promise<boolean> {
    if (!address.reachable) {
      await d.stores.messages.markDelivery(m.id, "unreachable");
      return false;
    }
    const result = await send(address.channel, address.externalId, m.body, address.locale);
    await settle(m.id, m.personId, result, m.attempts + 1);
    d.logger.info({ channel: address.channel, status: result.status, attempt: m.attempts + 1 }, "reply redelivery");
    return result.status === "sent";
  }

  return { send, deliver, sendRecorded, redeliverOne, lease };
}
