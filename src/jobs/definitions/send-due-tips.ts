// Every 15 minutes: queues the opt-in tips that are due (core/broadcasts/tips.ts), through the bulk
// lane, never in the quiet hours, at most one per person and ISO week (the outbox key).
import { z } from "zod";
import type { JobDefinition } from "../job.ts";

export const SEND_DUE_TIPS = "send-due-tips";
export const sendDueTipsPayload = z.object({ limit: z.number().int().min(1).max(5000) }).strict();

export const sendDueTips: JobDefinition<z.infer<typeof sendDueTipsPayload>> = {
  name: SEND_DUE_TIPS,
  payload: sendDueTipsPayload,
  schedule: { cron: "*/15 * * * *", data: () => ({ limit: 1000 }) },
  async handle(payload, ctx) {
    if (!ctx.sendDueTips) return { skipped: true };
    return ctx.sendDueTips(payload.limit);
  },
};
