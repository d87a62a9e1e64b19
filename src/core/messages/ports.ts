// The message log: every message in and out, sealed at rest, with its delivery state.
import type { ChannelName, InboundEvent, OutboundMessage } from "../ports.ts";

export type MessageBody = OutboundMessage | InboundEvent;
export type MessageAuthor = "person" | "bot" | "counsellor";
/** A stored message's delivery state; "failed" is a retryable or permanent send failure. */
export type DeliveryStatus = "received" | "pending" | "sent" | "failed" | "unreachable";

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
}

export interface MessageStore {
  /** Records an inbound event; `duplicate` when (channel, channelMessageId) was seen already. */
  recordInbound(input: { personId: string; channel: ChannelName; channelMessageId?: string; body: InboundEvent }): Promise<{ id: string; duplicate: boolean }>;
  recordOutbound(input: { personId: string; channel: ChannelName; author: MessageAuthor; body: OutboundMessage; caseId?: string | null }): Promise<{ id: string; seq: number }>;
  markDelivery(messageId: string, status: DeliveryStatus, channelMessageId?: string): Promise<void>;
  /** After a failed send: how many attempts were made, and when to try again (null: give up). */
  scheduleRetry(messageId: string, attempts: number, at: Date | null): Promise<void>;
  /**
   * Claims failed outbound messages whose retry is due (they become "pending", so no other instance
   * takes them), oldest first.
   */
  claimDueRetries(now: Date, limit: number): Promise<Array<{ id: string; personId: string; body: OutboundMessage; attempts: number }>>;
  linkMessagesToCase(messageIds: string[], caseId: string): Promise<void>;
  listMessages(personId: string, options: { afterSeq?: number; limit: number }): Promise<StoredMessage[]>;
  listCaseMessages(caseId: string, limit: number): Promise<CaseMessage[]>;
  /** The newest counsellor message on a case (after a reply, to audit its id). */
  lastCounsellorMessageId(caseId: string): Promise<string | null>;
}
