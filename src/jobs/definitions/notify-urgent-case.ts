// Pings on-duty staff in their messenger about a case created at, or raised to, crisis or high
// priority: handle, priority and a console link only. Queued by the composition root when the core
// announces an urgent case (CaseEvents), after the case is stored. Retries are safe: each ping is
// recorded under a unique (case, staff, priority) key, so nobody is pinged twice; a failed send makes
// the job fail so pg-boss retries it for those not yet reached.
import { AppError } from "../../shared/errors/app-error.ts";
import { z } from "zod";
import type { JobDefinition } from "../job.ts";

export const NOTIFY_URGENT_CASE = "notify-urgent-case";

export const notifyUrgentCasePayload = z.object({ caseId: z.string().uuid(), priority: z.union([z.literal(0), z.literal(1)]) }).strict();

export const notifyUrgentCase: JobDefinition<z.infer<typeof notifyUrgentCasePayload>> = {
  name: NOTIFY_URGENT_CASE,
  payload: notifyUrgentCasePayload,
  async handle(payload, ctx) {
    if (!ctx.notifyUrgentCase) return { sent: 0, skipped: 0, failed: 0 }; // no messenger configured
    const result = await ctx.notifyUrgentCase(payload);
    if (result.failed > 0) throw new AppError("upstream_failed", `${result.failed} staff ping(s) failed; retrying`);
    return result;
  },
};
