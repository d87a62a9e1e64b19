// The follow-up job's work: for each referral whose question is due, ask it through a bot-initiated
// turn — once per (referral, attempt), never in the quiet hours, and expire it when the last question
// went unanswered. Erased people have no referrals left; unreachable ones are skipped by startTurn.
import type { Logger } from "../../shared/logging/logger.ts";
import type { BotTurnResult } from "../conversation/engine.ts";
import type { Clock, Stores } from "../ports.ts";
import { OPEN_REFERRAL_STATUSES } from "./ports.ts";
import { followUpAt, isQuiet, MAX_FOLLOW_UPS, outsideQuietHours, RETRY_AFTER_DAYS } from "./follow-up-time.ts";

export const FOLLOW_UP_FLOW = "referral_follow_up";

export interface FollowUpDeps {
  stores: Pick<Stores, "referrals">;
  clock: Clock;
  logger: Logger;
  startTurn(input: { personId: string; flow: string; params?: Record<string, unknown> }): Promise<BotTurnResult>;
}

export async function runDueFollowUps(d: FollowUpDeps, limit: number): Promise<{ asked: number; expired: number; deferred: number }> {
  const now = d.clock.now();
  const counts = { asked: 0, expired: 0, deferred: 0 };
  for (const r of await d.stores.referrals.dueFollowUps(now, limit)) {
    if (!OPEN_REFERRAL_STATUSES.includes(r.status)) {
      await d.stores.referrals.planFollowUp(r.id, null);
    } else if (isQuiet(now)) {
      await d.stores.referrals.planFollowUp(r.id, outsideQuietHours(now));
      counts.deferred += 1;
    } else if (r.followUpAttempts >= MAX_FOLLOW_UPS) {
      await d.stores.referrals.changeReferral(r.id, { status: "expired", actor: { kind: "system", id: null }, reason: "no_answer", nextFollowUpAt: null, now });
      counts.expired += 1;
    } else if (await d.stores.referrals.claimFollowUp(r.id, r.followUpAttempts, followUpAt(now, RETRY_AFTER_DAYS))) {
      const result = await d.startTurn({ personId: r.personId, flow: FOLLOW_UP_FLOW, params: { referralId: r.id } });
      d.logger.info({ referral: r.id, attempt: r.followUpAttempts + 1, result: result.status }, "referral follow-up");
      if (result.status === "ran") counts.asked += 1;
    }
  }
  return counts;
}
