// What flows need, passed in (never imported as singletons).
import type { Translator } from "../../shared/i18n/index.ts";
import type { AdminUnits } from "../areas/admin-units.ts";
import type { CaseEvents, Clock, Store } from "../ports.ts";
import type { InputMatcher } from "./match-input.ts";
import type { DangerResult } from "../triage/index.ts";

export interface FlowDeps {
  store: Store;
  translator: Translator;
  areas: AdminUnits;
  matcher: InputMatcher;
  clock: Clock;
  detectDanger(text: string): DangerResult;
  /** Told when a case becomes urgent (staff pings); optional. */
  caseEvents?: CaseEvents;
}
