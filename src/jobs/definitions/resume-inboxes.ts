// Every minute (and once at start): messages that were accepted but whose turn never committed — the
// process died between the two, or a turn failed and was rolled back — are handled, in arrival order,
// by whichever instance gets there first (the per-person lock keeps it to one).
import { z } from "zod";
import type { JobDefinition } from "../job.ts";

export const resumeInboxesPayload = z.object({ limit: z.number().int().min(1).max(1000) }).strict();

export const resumeInboxes: JobDefinition<z.infer<typeof resumeInboxesPayload>> = {
  name: "resume-inboxes",
  payload: resumeInboxesPayload,
  schedule: { cron: "* * * * *", data: () => ({ limit: 200 }) },
  async handle(payload, ctx) {
    if (!ctx.resumeInboxes) return { people: 0 };
    return ctx.resumeInboxes(payload.limit);
  },
};
