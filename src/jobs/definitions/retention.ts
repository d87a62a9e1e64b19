// Retention, nightly: closed cases older than RETENTION_DAYS lose their message bodies and notes (the
// console shows "[removed after N days]"), and expired sessions, used or expired staff tokens, old failed
// sign-ins, old web chat return codes and stale send-budget rows are pruned. Finished pg-boss jobs are
// pruned by pg-boss itself (each queue's deleteAfterSeconds, start-jobs.ts). Logs counts only.
import { z } from "zod";
import type { JobDefinition } from "../job.ts";

export const retentionPayload = z.object({ days: z.number().int().min(1).max(3650) }).strict();

export const retention: JobDefinition<z.infer<typeof retentionPayload>> = {
  name: "retention",
  payload: retentionPayload,
  schedule: { cron: "41 19 * * *", data: (ctx) => ({ days: ctx.retentionDays }) }, // 02:41 in Vietnam (UTC+7)
  async handle(payload, ctx) {
    if (!ctx.runRetention) return { skipped: true };
    const removed = await ctx.runRetention(payload.days);
    ctx.logger.info({ job: "retention", days: payload.days, removed }, "retention: removed closed cases' words and expired rows");
    return removed;
  },
};
