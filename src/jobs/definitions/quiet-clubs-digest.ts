// Mondays, hourly from 08:05 to 20:05 Vietnam time: each supervisor with a linked Telegram gets the clubs in
// their provinces that have not met this quarter, once per ISO week (core/clubs/quiet-clubs.ts). Running
// every hour of the day makes a missed run (a restart) harmless; the week's reservation keeps it to one.
import { z } from "zod";
import type { JobDefinition } from "../job.ts";

export const QUIET_CLUBS_DIGEST = "quiet-clubs-digest";
export const quietClubsDigestPayload = z.object({}).strict();

export const quietClubsDigest: JobDefinition<z.infer<typeof quietClubsDigestPayload>> = {
  name: QUIET_CLUBS_DIGEST,
  payload: quietClubsDigestPayload,
  schedule: { cron: "5 1-13 * * 1", data: () => ({}) },
  async handle(_payload, ctx) {
    if (!ctx.quietClubsDigest) return { skipped: true };
    return ctx.quietClubsDigest();
  },
};
