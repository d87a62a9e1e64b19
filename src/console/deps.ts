// What the console's services need, passed in once by createConsole.
import type { AdminUnits } from "../core/areas/admin-units.ts";
import type { ConversationEngine } from "../core/conversation/engine.ts";
import type { Clock, Store } from "../core/ports.ts";
import type { Translator } from "../shared/i18n/index.ts";
import type { Logger } from "../shared/logging/logger.ts";
import type { ConsoleStore, StaffMessenger } from "./ports.ts";

export interface ConsoleDeps {
  store: ConsoleStore;
  /** The core's store: the person's address for replies. */
  core: Store;
  engine: ConversationEngine;
  translator: Translator;
  logger: Logger;
  clock: Clock;
  areas: AdminUnits;
  secureCookies: boolean;
  /** Origin for links shown in logs and to admins, e.g. https://ketnoi.example.vn; relative when unset. */
  publicUrl?: string;
  /** How many reverse proxies of ours stand in front (X-Forwarded-For entries to trust); 0 when none. */
  trustedProxyHops?: number;
  /** Staff pings and linking (Telegram); absent when no staff messenger is configured. */
  messenger?: StaffMessenger;
}

export function linkTo(deps: Pick<ConsoleDeps, "publicUrl">, path: string): string {
  return `${(deps.publicUrl ?? "").replace(/\/+$/, "")}${path}`;
}
