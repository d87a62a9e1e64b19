// Conversation state: where each person is in a dialogue, and the menu on their screen.
import type { ChannelName, MenuOption, OutboundMessage, PersonRecord, UnhandledInbound } from "../ports.ts";

export interface MenuState {
  seq: number;
  options: MenuOption[];
}

export interface ConversationState {
  flow: string;
  step: string;
  /** The flow's own state; parsed with the flow's schema when read (flows/registry.ts). */
  data: Record<string, unknown>;
  menu: MenuState | null;
  menuSeq: number;
  updatedAt?: Date;
}

/** What a turn starts from, read inside its transaction once the person's lock is held. */
export interface TurnStart {
  person: PersonRecord;
  conversation: ConversationState | null;
  /** Inbox turns: the person's oldest accepted message whose turn has not committed; null when none is left. */
  inbound: UnhandledInbound | null;
  /** Inbox turns: another accepted message waits after `inbound`. */
  more: boolean;
}

/** Everything a turn writes at its end, in one statement. */
export interface TurnEnd {
  personId: string;
  channel: ChannelName;
  /** The inbound message the turn handled: marked handled, and the person seen at `now` (reachable again). */
  inboundId?: string;
  now: Date;
  state: ConversationState;
  /** Replies recorded as pending outbound rows, in this order, each leased until `leaseUntil`. */
  replies: ReadonlyArray<{ body: OutboundMessage; leaseUntil: Date }>;
  /**
   * Nothing of the turn follows this write: the store may commit with it, in the same round trip
   * (node-postgres), so a failure after closeTurn no longer rolls the turn back.
   */
  last?: boolean;
}

export interface ConversationStore {
  /**
   * First call of a turn, inside its transaction: takes the person's cross-instance lock for the rest of
   * the transaction (`lockName`, hashed; released at commit or rollback, also when the connection dies),
   * then reads the person, their conversation and, for an inbox turn, the next unhandled message — in one
   * round trip after the lock. Null when the person is gone.
   */
  openTurn(personId: string, options: { lockName: string; inbox: boolean }): Promise<TurnStart | null>;
  /** Last call of a turn, inside its transaction: handled mark, last seen, state and replies in one statement. Returns the replies' ids and seqs, in order. */
  closeTurn(end: TurnEnd): Promise<Array<{ id: string; seq: number }>>;
  getConversation(personId: string): Promise<ConversationState | null>;
  saveConversation(personId: string, state: ConversationState): Promise<void>;
  /** Resets conversations in `flow` untouched since `before` to the idle menu; returns how many. */
  resetStaleConversations(flow: string, before: Date): Promise<number>;
}
