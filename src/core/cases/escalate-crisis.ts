// Nobody left waiting: a crisis case that nobody has claimed pings the area's staff again at the claim
// target and at the second ping (notifyUrgentCase with an escalation round), and a person to whom no
// counsellor has written by the notice time is told that a counsellor will write soon and which numbers
// to call meanwhile. Run every minute by a job; every step is idempotent (a case row marks each step,
// a staff-alert row each ping), so overlapping runs and retries never repeat a ping or the notice.
import type { Logger } from "../../shared/logging/logger.ts";
import type { BotTurnResult } from "../conversation/engine.ts";
import type { Clock, Stores, WaitingCrisis } from "../ports.ts";
import { CASE_PRIORITY } from "./ports.ts";

export interface CrisisEscalationSettings {
  /** A crisis not claimed by then pings the area's on-duty counsellors and supervisors (admins when none). */
  claimTargetMinutes: number;
  /** Still not claimed: the second ping. */
  secondPingMinutes: number;
  /** No counsellor has written yet: the person gets the short waiting notice. */
  waitNoticeMinutes: number;
}

export const DEFAULT_CRISIS_ESCALATION: CrisisEscalationSettings = { claimTargetMinutes: 5, secondPingMinutes: 15, waitNoticeMinutes: 10 };

/** The flow whose `enter` sends the waiting notice inside a bot-initiated turn (flows/crisis-wait.ts). */
export const CRISIS_WAIT_FLOW = "crisis_wait";

export interface EscalateDeps {
  stores: Pick<Stores, "cases">;
  clock: Clock;
  logger: Logger;
  settings: CrisisEscalationSettings;
  /** Pings staff (notifyUrgentCase); absent when no staff messenger is configured. */
  ping?(input: { caseId: string; priority: number; round: number; waitedMinutes: number }): Promise<{ sent: number; skipped: number; failed: number }>;
  /** A bot-initiated turn for the person (engine.startTurn). */
  startTurn(input: { personId: string; flow: string; params?: Record<string, unknown> }): Promise<BotTurnResult>;
}

export interface EscalationResult {
  pinged: number;
  noticed: number;
  failed: number;
}

/** True when a crisis has waited longer than the claim target without being claimed or answered (the console shows it in red). */
export function isOverdueCrisis(
  c: { priority: number; status: string; crisisSince: Date | null; assignee: unknown },
  now: Date,
  settings: Pick<CrisisEscalationSettings, "claimTargetMinutes">,
): boolean {
  if (c.priority !== CASE_PRIORITY.crisis || c.status !== "open" || c.crisisSince === null || c.assignee !== null) return false;
  return now.getTime() - c.crisisSince.getTime() >= settings.claimTargetMinutes * 60_000;
}

export async function escalateWaitingCrises(d: EscalateDeps, o: { limit?: number } = {}): Promise<EscalationResult> {
  const result: EscalationResult = { pinged: 0, noticed: 0, failed: 0 };
  const waiting = await d.stores.cases.listWaitingCrises(o.limit ?? 100);
  for (const w of waiting) {
    try {
      await escalateOne(d, w, result);
    } catch (error) {
      result.failed += 1;
      d.logger.error({ err: error, case: w.case.handle }, "crisis escalation failed; the next run tries again");
    }
  }
  if (result.pinged + result.noticed + result.failed > 0) d.logger.info({ ...result }, "crisis escalation");
  return result;
}

async function escalateOne(d: EscalateDeps, w: WaitingCrisis, result: EscalationResult): Promise<void> {
  const waitedMs = d.clock.now().getTime() - w.case.crisisSince.getTime();
  const minutes = (m: number) => waitedMs >= m * 60_000;
  const { claimTargetMinutes, secondPingMinutes, waitNoticeMinutes } = d.settings;
  if (w.case.assignee === null && !w.answered) {
    const due = minutes(secondPingMinutes) ? 2 : minutes(claimTargetMinutes) ? 1 : 0;
    if (due > w.crisisPings) {
      const pinged = d.ping
        ? await d.ping({ caseId: w.case.id, priority: CASE_PRIORITY.crisis, round: due, waitedMinutes: Math.floor(waitedMs / 60_000) })
        : null;
      if (pinged && pinged.failed > 0)
        result.failed += 1; // not marked: the next run pings those not reached
      else if (await d.stores.cases.markCrisisPings(w.case.id, due)) result.pinged += 1;
    }
  }
  if (!w.answered && w.crisisNoticeAt === null && minutes(waitNoticeMinutes)) {
    // The flow checks the case again and marks the notice in the same transaction as the message.
    const turn = await d.startTurn({ personId: w.case.personId, flow: CRISIS_WAIT_FLOW, params: { caseId: w.case.id } });
    if (turn.status === "skipped") await d.stores.cases.markCrisisNotice(w.case.id, d.clock.now());
    else result.noticed += turn.sent > 0 ? 1 : 0;
  }
}
