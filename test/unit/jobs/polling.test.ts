// Each queue's idle worker polls the database on its own: jobs only a cron queues look every 10 s, jobs
// the app queues as things happen (someone waits on them) every 2 s, and tests may shorten both.
import { describe, expect, it } from "vitest";
import { JOBS } from "../../../src/jobs/registry.ts";
import { ON_DEMAND_POLL_SECONDS, pollingSeconds, SCHEDULED_POLL_SECONDS } from "../../../src/jobs/start-jobs.ts";
import { BROADCAST_FAN_OUT } from "../../../src/jobs/definitions/broadcast-fan-out.ts";
import { NOTIFY_URGENT_CASE } from "../../../src/jobs/definitions/notify-urgent-case.ts";

describe("job polling", () => {
  const byName = new Map(JOBS.map((j) => [j.name, j]));

  it("looks every 2 s for the jobs the app queues as things happen", () => {
    for (const name of [NOTIFY_URGENT_CASE, BROADCAST_FAN_OUT]) expect(pollingSeconds(byName.get(name)!), name).toBe(ON_DEMAND_POLL_SECONDS);
  });

  it("looks every 10 s for the jobs only a schedule queues, every minute at the most", () => {
    const scheduledOnly = JOBS.filter((j) => j.schedule && !j.onDemand);
    expect(scheduledOnly.length).toBe(JOBS.length - 2);
    for (const job of scheduledOnly) {
      expect(pollingSeconds(job), job.name).toBe(SCHEDULED_POLL_SECONDS);
      // Five-field cron: never more often than once a minute, so a 10 s look is at most a sixth of it.
      expect(job.schedule!.cron.trim().split(/\s+/), job.name).toHaveLength(5);
    }
    expect(SCHEDULED_POLL_SECONDS).toBeLessThanOrEqual(10);
  });

  it("takes the override for every job", () => {
    for (const job of JOBS) expect(pollingSeconds(job, 0.5)).toBe(0.5);
  });
});
