// Fans a started broadcast out: delivery rows and one bulk outbox message per recipient, in batches
// (core/broadcasts/fan-out-broadcast.ts). Queued at start by the console; every minute without a
// broadcast id it resumes any broadcast whose fan-out never finished (a crash, a lost job). Rerun-safe.
import { z } from "zod";
import type { JobDefinition } from "../job.ts";

export const BROADCAST_FAN_OUT = "broadcast-fan-out";
export const broadcastFanOutPayload = z.object({ broadcastId: z.string().uuid().optional() }).strict();

export const broadcastFanOut: JobDefinition<z.infer<typeof broadcastFanOutPayload>> = {
  name: BROADCAST_FAN_OUT,
  payload: broadcastFanOutPayload,
  schedule: { cron: "* * * * *", data: () => ({}) },
  onDemand: true,
  async handle(payload, ctx) {
    if (!ctx.fanOutBroadcasts) return { skipped: true };
    return ctx.fanOutBroadcasts(payload.broadcastId);
  },
};
