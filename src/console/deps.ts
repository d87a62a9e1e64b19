// What the console's routes need: the core's dependencies plus the delivery layer's own settings.
import type { ChannelRates } from "../core/broadcasts/broadcasts.ts";
import type { CoreDeps } from "../core/deps.ts";

export { linkTo } from "../core/deps.ts";

export interface ConsoleDeps extends CoreDeps {
  secureCookies: boolean;
  /** How many reverse proxies of ours stand in front (X-Forwarded-For entries to trust); 0 when none. */
  trustedProxyHops?: number;
  /** Crisis cases unclaimed for longer than this show in red in the queue (CRISIS_CLAIM_TARGET_MINUTES); default 5. */
  crisisClaimTargetMinutes?: number;
  /** Broadcasts: how to ask for a fan-out (a pg-boss job) and each channel's send rate (the ETA). Absent: no broadcast can start. */
  broadcasts?: { fanOut(broadcastId: string): Promise<void>; rates: ChannelRates };
}
