// The message log: every message in and out, sealed at rest, with its delivery state.
import type { ChannelName, InboundEvent, Locale, OutboundMessage } from "../ports.ts";
import type { Lane } from "../outbox/lanes.ts";

export type MessageBody = OutboundMessage | InboundEvent;
export type MessageAuthor = "person" | "bot" | "counsellor";
/**
 * A stored message's delivery state; "failed" is a retryable or permanent send failure (or, for bulk, a
 * send cut off by a crash: never repeated); "queued" is an enqueued outbound message not tried yet.
 */
export type DeliveryStatus = "received" | "queued" | "pending" | "sent" | "failed" | "unreachable";

/** An outbound message the sender claimed from the outbox (a retry, an expired lease, a due bulk message). */
export interface DueOutbound {
  id: string;
  personId: string;
  body: OutboundMessage;
  attempts: number;
  lane: Lane;
}

/** How one send ended, to be written back in a batch (settleSends). */
export interface SendSettlement {
  id: string;
  status: "sent" | "failed" | "unreachable";
  channelMessageId?: string;
  /** Attempts made so far (failures only). */
  attempts?: number;
  /** Failures only: when to try again; null gives up. */
  nextAttemptAt?: Date | null;
}

export interface StoredMessage {
  id: string;
  seq: number;
  direction: "inbound" | "outbound";
  author: MessageAuthor;
  body: MessageBody;
  caseId: string | null;
  status: DeliveryStatus;
  createdAt: Date;
  /** The channel's id for an inbound message (the web chat's client id), when it gave one. */
  clientRef: string | null;
  /** Set when retention removed the body (days then in force); the body is then an empty text. */
  removedAfterDays: number | null;
}

/** A message as a case's thread shows it. */
export interface CaseMessage {
  id: string;
  seq: number;
  direction: "inbound" | "outbound";
  author: MessageAuthor;
  body: MessageBody;
  status: DeliveryStatus;
  createdAt: Date;
  /** Set when retention removed the body (days then in force); the body is then an empty text. */
  removedAfterDays: number | null;
}

/** An accepted inbound message whose turn has not committed yet (the inbox). */
export interface UnhandledInbound {
  id: string;
  channel: ChannelName;
  body: InboundEvent;
  /** Failed turn attempts so far. */
  attempts: number;
}

export interface MessageStore {
  /**
   * Accepts an inbound event into the inbox (committed, not yet handled); `duplicate` when
   * (channel, channelMessageId) was accepted already, whether or not its turn has run.
   */
  recordInbound(input: {
    personId: string;
    channel: ChannelName;
    channelMessageId?: string;
    body: InboundEvent;
  }): Promise<{ id: string; duplicate: boolean; handled: boolean }>;
  /**
   * The whole accept in one statement (one round trip, one transaction): finds the person by channel and
   * messenger id or creates them (`locale` is used only then), and records the event in their inbox,
   * deduped like recordInbound. Never takes a lock.
   */
  acceptInbound(input: {
    channel: ChannelName;
    externalId: string;
    locale: Locale;
    channelMessageId?: string;
    body: InboundEvent;
  }): Promise<{ personId: string; handle: string; id: string; duplicate: boolean; handled: boolean }>;
  /** The person's oldest accepted message whose turn has not committed, or null. */
  nextUnhandled(personId: string): Promise<UnhandledInbound | null>;
  /** Part of the turn's transaction: the message's turn is done. */
  markHandled(messageId: string, now: Date): Promise<void>;
  /** A turn failed (rolled back): counts the attempt; returns the count so far. */
  countFailedTurn(messageId: string): Promise<number>;
  /** People with messages accepted before `before` whose turns never committed (a crash, a restart). */
  peopleWithUnhandled(before: Date, limit: number): Promise<string[]>;
  /** When the oldest accepted message whose turn has not committed was accepted (anyone's), or null: the inbox lag. */
  oldestUnhandledAt(): Promise<Date | null>;
  /**
   * Outbound messages still to go out: `pending` (recorded, being sent or leased), `failed` (a retry is
   * scheduled). Given-up failures are not counted. One cheap query (metrics, on every scrape).
   */
  outboxDepth(): Promise<{ pending: number; failed: number; lanes: Record<Lane, { queued: number; pending: number; failed: number }> }>;
  /**
   * Records an outbound message as pending. `leaseUntil`: if it is still not settled by then (the
   * process died mid-send), claimDueRetries hands it out again — replies are sent at least once.
   */
  recordOutbound(input: {
    personId: string;
    channel: ChannelName;
    author: MessageAuthor;
    body: OutboundMessage;
    caseId?: string | null;
    leaseUntil?: Date;
    /** Default "urgent" (conversation and counsellor replies). */
    lane?: Lane;
  }): Promise<{ id: string; seq: number }>;
  /**
   * Enqueues an outbound message to go out at `dueAt` (queued). With an idempotency key, a second
   * enqueue with the same key creates nothing (`created` false) — a broadcast never has two rows per person.
   */
  enqueueOutbound(input: {
    personId: string;
    channel: ChannelName;
    author: MessageAuthor;
    body: OutboundMessage;
    lane: Lane;
    dueAt: Date;
    idempotencyKey?: string;
    caseId?: string | null;
  }): Promise<{ id: string; created: boolean }>;
  /**
   * Enqueues many keyed messages in one statement (a broadcast's batch), each on its person's channel.
   * Returns one entry per person still there, in input order; a key used before creates nothing.
   */
  enqueueOutboundMany(
    inputs: ReadonlyArray<{
      personId: string;
      author: MessageAuthor;
      body: OutboundMessage;
      lane: Lane;
      dueAt: Date;
      idempotencyKey: string;
      caseId?: string | null;
    }>,
  ): Promise<Array<{ personId: string; id: string; created: boolean }>>;
  /** Writes back how sends ended, in one statement. */
  settleSends(settlements: readonly SendSettlement[]): Promise<void>;
  /** The earliest time an outbound message is due (a retry, a lease running out, a queued message), or null. */
  nextDueAt(): Promise<Date | null>;
  markDelivery(messageId: string, status: DeliveryStatus, channelMessageId?: string): Promise<void>;
  /** After a failed send: how many attempts were made, and when to try again (null: give up). */
  scheduleRetry(messageId: string, attempts: number, at: Date | null): Promise<void>;
  /**
   * Claims outbound messages that are due — queued ones, failed ones whose retry time has come, and
   * pending ones whose lease ran out — by lane (urgent, staff, bulk), then oldest first. Each claimed row
   * becomes "pending" with a new lease until `leaseUntil`, so no other instance takes it meanwhile.
   * Delivery rule: a pending BULK row whose lease ran out was claimed by a sender that died. If it was
   * marked as handed to the channel (markSending; it may have gone out) it is never claimed again: it
   * is marked failed for good, so bulk goes out at most once. If not, it never left: it is queued again.
   */
  claimDueRetries(now: Date, limit: number, leaseUntil: Date): Promise<DueOutbound[]>;
  /** Marks claimed bulk rows as being handed to the channel now (one statement; see claimDueRetries). */
  markSending(messageIds: readonly string[]): Promise<void>;
  linkMessagesToCase(messageIds: string[], caseId: string): Promise<void>;
  listMessages(personId: string, options: { afterSeq?: number; limit: number }): Promise<StoredMessage[]>;
  listCaseMessages(caseId: string, limit: number): Promise<CaseMessage[]>;
  /** The newest counsellor message on a case (after a reply, to audit its id). */
  lastCounsellorMessageId(caseId: string): Promise<string | null>;
}
