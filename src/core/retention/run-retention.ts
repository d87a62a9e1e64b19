// The nightly purge (job `retention`): closed cases lose their words after RETENTION_DAYS, expired
// access rows go. Each kind is removed in bounded batches (one short statement each), so a big backlog
// never holds one long transaction; running it again removes nothing more. Counts only are returned.
import type { Clock } from "../ports.ts";
import type { RetentionStore } from "./ports.ts";

export const RETENTION_BATCH = 500;
const DAY_MS = 86_400_000;
/** The sign-in throttle looks back one day; older failures count for nothing. */
const LOGIN_FAILURE_KEEP_MS = DAY_MS;
/** Send-budget slots older than this are long over (the sender's own prune uses the same hour). */
const SEND_BUDGET_KEEP_MS = 3_600_000;

export interface RetentionCounts {
  messages: number;
  notes: number;
  referralNotes: number;
  sessions: number;
  staffTokens: number;
  loginFailures: number;
  returnCodes: number;
  sendBudget: number;
}

/** Runs `batch` until it removes less than a full batch (or `maxBatches` ran: the next night goes on). */
async function drain(batch: () => Promise<number>, limit: number, maxBatches: number): Promise<number> {
  let total = 0;
  for (let i = 0; i < maxBatches; i++) {
    const n = await batch();
    total += n;
    if (n < limit) break;
  }
  return total;
}

export async function runRetention(
  d: { retention: RetentionStore; clock: Clock },
  o: { days: number; batch?: number; maxBatches?: number },
): Promise<RetentionCounts> {
  const now = d.clock.now();
  const limit = o.batch ?? RETENTION_BATCH;
  const max = o.maxBatches ?? 1000;
  const closedBefore = new Date(now.getTime() - o.days * DAY_MS);
  const r = d.retention;
  return {
    messages: await drain(() => r.removeClosedCaseMessages({ closedBefore, days: o.days, limit }), limit, max),
    notes: await drain(() => r.removeClosedCaseNotes({ closedBefore, days: o.days, limit }), limit, max),
    referralNotes: await drain(() => r.removeClosedCaseReferralNotes({ closedBefore, limit }), limit, max),
    sessions: await drain(() => r.pruneSessions(now, limit), limit, max),
    staffTokens: await drain(() => r.pruneStaffTokens(now, limit), limit, max),
    loginFailures: await drain(() => r.pruneLoginFailures(new Date(now.getTime() - LOGIN_FAILURE_KEEP_MS), limit), limit, max),
    returnCodes: await drain(() => r.pruneReturnCodes(closedBefore, limit), limit, max),
    // The budget counts in real time (Date.now), whatever clock the rest uses.
    sendBudget: await r.pruneSendBudget(new Date(Date.now() - SEND_BUDGET_KEEP_MS)),
  };
}
