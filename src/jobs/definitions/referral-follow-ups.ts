// Every 5 minutes: asks the referral follow-up questions that are due (bot-initiated turns), outside the
// quiet hours, once per (referral, attempt); expires referrals whose last question went unanswered.
import { z } from "zod";
import type { JobDefinition } from "../job.ts";

export const REFERRAL_FOLLOW_UPS = "referral-follow-ups";
export const referralFollowUpsPayload = z.object({ limit: z.number().int().min(1).max(1000) }).strict();

export const referralFollowUps: JobDefinition<z.infer<typeof referralFollowUpsPayload>> = {
  name: REFERRAL_FOLLOW_UPS,
  payload: referralFollowUpsPayload,
  schedule: { cron: "*/5 * * * *", data: () => ({ limit: 200 }) },
  async handle(payload, ctx) {
    if (!ctx.referralFollowUps) return { skipped: true };
    const counts = await ctx.referralFollowUps(payload.limit);
    if (counts.asked + counts.expired + counts.deferred > 0) ctx.logger.info({ job: REFERRAL_FOLLOW_UPS, ...counts }, "referral follow-ups");
    return counts;
  },
};
