// Purges half-finished intakes nobody touched for INTAKE_ABANDON_DAYS: the answers given so far are
// dropped and the person is back at the menu. Their messages stay (they may still hold a case).
import { z } from "zod";
import { purgeAbandonedIntakes as purge } from "../../core/conversation/purge-abandoned-intakes.ts";
import type { JobDefinition } from "../job.ts";

export const purgeAbandonedIntakesPayload = z.object({ olderThanDays: z.number().int().min(1).max(365) }).strict();

export const purgeAbandonedIntakes: JobDefinition<z.infer<typeof purgeAbandonedIntakesPayload>> = {
  name: "purge-abandoned-intakes",
  payload: purgeAbandonedIntakesPayload,
  schedule: { cron: "17 3 * * *", data: (ctx) => ({ olderThanDays: ctx.intakeAbandonDays }) },
  async handle(payload, ctx) {
    const purged = await purge(ctx, { olderThanDays: payload.olderThanDays });
    ctx.logger.info({ job: "purge-abandoned-intakes", purged, olderThanDays: payload.olderThanDays }, "purged abandoned intakes");
    return { purged };
  },
};
