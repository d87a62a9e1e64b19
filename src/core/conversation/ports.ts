// Conversation state: where each person is in a dialogue, and the menu on their screen.
import type { MenuOption } from "../ports.ts";

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

export interface ConversationStore {
  getConversation(personId: string): Promise<ConversationState | null>;
  saveConversation(personId: string, state: ConversationState): Promise<void>;
  /** Resets conversations in `flow` untouched since `before` to the idle menu; returns how many. */
  resetStaleConversations(flow: string, before: Date): Promise<number>;
}
