// A flow is one dialogue (welcome, menu, topics, intake, delete). The engine routes each input to
// the flow in the conversation state; flows move between each other with enter().
import type { FlowDeps } from "../deps.ts";
import type { Turn } from "../turn.ts";

export interface Flow {
  enter(turn: Turn, deps: FlowDeps, params?: Record<string, unknown>): Promise<void> | void;
  /** A choice from the options on screen (already checked to be current). */
  onChoice(turn: Turn, deps: FlowDeps, optionId: string): Promise<void> | void;
  /** Text that is neither a command nor one of the options on screen. */
  onText(turn: Turn, deps: FlowDeps, text: string): Promise<void> | void;
}

export type FlowName = "welcome" | "menu" | "topics" | "intake" | "delete";
export type FlowRegistry = Record<FlowName, Flow>;
