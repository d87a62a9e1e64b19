// Every minute: crisis cases nobody has claimed ping the area's staff again (at the claim target and at
// the second ping), and people to whom no counsellor has written get the short waiting notice. The core
// operation (core/cases/escalate-crisis.ts) marks each step, so overlapping runs never repeat one.
import { z } from "zod";
import type { JobDefinition } from "../job.ts";

export const ESCALATE_CRISIS_CASES = "escalate-crisis-cases";

export const escalateCrisisCasesPayload = z.object({ limit: z.number().int().min(1).max(500) }).strict();

export const escalateCrisisCases: JobDefinition<z.infer<typeof escalateCrisisCasesPayload>> = {
  name: ESCALATE_CRISIS_CASES,
  payload: escalateCrisisCasesPayload,
  schedule: { cron: "* * * * *", data: () => ({ limit: 100 }) },
  async handle(payload, ctx) {
    if (!ctx.escalateCrises) return { pinged: 0, noticed: 0, failed: 0 };
    return ctx.escalateCrises(payload.limit);
  },
};
