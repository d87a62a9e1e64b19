// Every 10 minutes: "Did you come today?" to members who said yes or maybe, for meetings whose leader turned
// check-in on (core/clubs/run-check-ins.ts: once per meeting and person, same local day, outside quiet hours).
import { z } from "zod";
import type { JobDefinition } from "../job.ts";

export const CLUB_CHECK_INS = "club-check-ins";
export const clubCheckInsPayload = z.object({ limit: z.number().int().min(1).max(5000) }).strict();

export const clubCheckIns: JobDefinition<z.infer<typeof clubCheckInsPayload>> = {
  name: CLUB_CHECK_INS,
  payload: clubCheckInsPayload,
  schedule: { cron: "*/10 * * * *", data: () => ({ limit: 500 }) },
  async handle(payload, ctx) {
    if (!ctx.clubCheckIns) return { skipped: true };
    return ctx.clubCheckIns(payload.limit);
  },
};
