// What the domain operations in core/cases and core/staff need, passed in once by the composition
// root (never imported as singletons). Each delivery layer (console, jobs) extends it with its own.
import type { Translator } from "../shared/i18n/index.ts";
import type { Logger } from "../shared/logging/logger.ts";
import type { AdminUnits } from "./areas/admin-units.ts";
import type { ConversationEngine } from "./conversation/engine.ts";
import type { CaseEvents, Clock, StaffMessenger, Stores } from "./ports.ts";

export interface CoreDeps {
  stores: Stores;
  clock: Clock;
  translator: Translator;
  logger: Logger;
  areas: AdminUnits;
  /** Sends counsellor replies through the person's channel; asks the person first (referral offers). */
  engine: Pick<ConversationEngine, "deliver" | "startTurn" | "enqueue">;
  /** Origin for links shown in logs and to staff, e.g. https://ketnoi.example.vn; relative when unset. */
  publicUrl?: string;
  /** Staff pings and linking (Telegram); absent when no staff messenger is configured. */
  messenger?: StaffMessenger;
  /** Told when a case becomes urgent (staff pings); optional. */
  caseEvents?: CaseEvents;
}

/** Where the console is mounted: staff links (setup, invitations, case pings) point into it. */
export const BASE = "/console";

export function linkTo(deps: Pick<CoreDeps, "publicUrl">, path: string): string {
  return `${(deps.publicUrl ?? "").replace(/\/+$/, "")}${path}`;
}
