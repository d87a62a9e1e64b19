// A flow is one dialogue (welcome, menu, topics, intake, delete, later referral and clubs), declared
// as a plug-in: its name, the commands and main-menu entries it answers, the start payloads it takes,
// and a zod schema for its own state. The engine learns them from one list (flows/index.ts).
import type { z } from "zod";
import type { Translator } from "../../shared/i18n/index.ts";
import type { Logger } from "../../shared/logging/logger.ts";
import type { AdminUnits } from "../areas/admin-units.ts";
import type { CaseEvents, Clock, Stores } from "../ports.ts";
import type { DangerResult } from "../triage/index.ts";
import type { InputMatcher } from "./match-input.ts";
import type { Turn } from "./turn.ts";

/** What flows need, passed in (never imported as singletons). */
export interface FlowDeps {
  stores: Pick<Stores, "people" | "conversations" | "messages" | "cases" | "audit" | "directory" | "referrals" | "clubs" | "attendance" | "tips" | "facts">;
  translator: Translator;
  areas: AdminUnits;
  matcher: InputMatcher;
  clock: Clock;
  logger: Logger;
  detectDanger(text: string): DangerResult;
  /** Told when a case becomes urgent (staff pings); optional. */
  caseEvents?: CaseEvents;
  /** Every registered flow, to move between them. */
  flows: FlowRegistry;
}

export type FlowAction = (turn: Turn, deps: FlowDeps) => Promise<void> | void;

export interface FlowDefinition<State extends Record<string, unknown> = Record<string, unknown>> {
  readonly name: string;
  /** The flow's `data` in the stored conversation; a row that does not parse resets the person to the menu. */
  readonly state: z.ZodType<State>;
  /**
   * Global commands this flow answers, by name. The words for each (slash commands and phrases, per
   * language, matched with or without diacritics) are data: `commands.<name>` in locales/<lng>/input.json.
   */
  readonly commands?: Readonly<Record<string, FlowAction>>;
  /** Entries on the main menu, labelled `flows:menu.options.<id>`, ordered by `order`. */
  readonly menuEntries?: ReadonlyArray<{ id: string; order: number; run: FlowAction }>;
  /** `/start <prefix>…` payloads (deep links) this flow answers, e.g. "club_". */
  readonly startPayloads?: ReadonlyArray<{ prefix: string; run(turn: Turn, deps: FlowDeps, payload: string): Promise<void> | void }>;
  /**
   * Option ids answered whatever is on screen (ids beginning with `prefix`, e.g. "m." for meeting RSVPs):
   * buttons sent outside a turn (bulk notices) name their subject, so a later menu never makes them stale.
   */
  readonly globalChoices?: ReadonlyArray<{ prefix: string; run(turn: Turn, deps: FlowDeps, optionId: string): Promise<void> | void }>;
  /**
   * Looks at typed text before the options on screen; true when it answered (a digit meant for a
   * numbered notice newer than the person's last turn). Must be cheap for text it does not want.
   */
  readonly interceptText?: (turn: Turn, deps: FlowDeps, text: string) => Promise<boolean>;
  /** Starts the flow (from a command, the menu, another flow, or a bot-initiated turn with `params`). */
  enter(turn: Turn, deps: FlowDeps, params?: Record<string, unknown>): Promise<void> | void;
  /** A choice from the options on screen (already checked to be current). */
  onChoice(turn: Turn, deps: FlowDeps, optionId: string): Promise<void> | void;
  /** Text that is neither a command nor one of the options on screen. */
  onText(turn: Turn, deps: FlowDeps, text: string): Promise<void> | void;
}

export interface FlowRegistry {
  get(name: string): FlowDefinition | undefined;
  /** Enters a registered flow; throws for an unknown name (a programming error). */
  enter(name: string, turn: Turn, deps: FlowDeps, params?: Record<string, unknown>): Promise<void>;
  /** Every command name with the flow action that answers it. */
  readonly commands: ReadonlyMap<string, FlowAction>;
  /** The main menu's entries, in order. */
  readonly menuEntries: ReadonlyArray<{ id: string; run: FlowAction }>;
  /** The flow action for a start payload, if a flow declared its prefix. */
  startPayload(payload: string): ((turn: Turn, deps: FlowDeps, payload: string) => Promise<void> | void) | undefined;
  /** The flow action for an option id a flow answers whatever is on screen, if any. */
  globalChoice(optionId: string): ((turn: Turn, deps: FlowDeps, optionId: string) => Promise<void> | void) | undefined;
  /** Every flow's `interceptText`, in flow order. */
  readonly textInterceptors: ReadonlyArray<NonNullable<FlowDefinition["interceptText"]>>;
}

/** Declares a flow with its state type inferred from the schema. */
export function defineFlow<State extends Record<string, unknown>>(flow: FlowDefinition<State>): FlowDefinition<State> {
  return flow;
}
