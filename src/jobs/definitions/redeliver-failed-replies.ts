// Every minute, a backstop to the outbox's own due loop (core/outbox/outbox.ts): outbound messages that
// are due — failed ones (a messenger outage, 5xx after the client's own retries) on a back-off of 1, 5,
// 30 and 120 minutes, then given up and left "failed" for the console; unsettled ones whose lease ran
// out; queued bulk — are sent through the one sender, by lane.
import { z } from "zod";
import type { JobDefinition } from "../job.ts";

export const redeliverFailedRepliesPayload = z.object({ limit: z.number().int().min(1).max(500) }).strict();

export const redeliverFailedReplies: JobDefinition<z.infer<typeof redeliverFailedRepliesPayload>> = {
  name: "redeliver-failed-replies",
  payload: redeliverFailedRepliesPayload,
  schedule: { cron: "* * * * *", data: () => ({ limit: 100 }) },
  async handle(payload, ctx) {
    if (!ctx.redeliverDue) return { claimed: 0, sent: 0 };
    const result = await ctx.redeliverDue(payload.limit);
    if (result.claimed > 0) ctx.logger.info({ job: "redeliver-failed-replies", ...result }, "redelivered failed replies");
    return result;
  },
};
