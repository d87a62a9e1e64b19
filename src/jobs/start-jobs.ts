// pg-boss on the app's own database: the embedded PGlite through pg-boss's PGlite adapter, or
// PostgreSQL through its own pool. Registers every job in registry.ts with its schedule.
import { AppError } from "../shared/errors/app-error.ts";
import { dbErrorFields, isDbUnavailable } from "../shared/errors/db-error.ts";
import type { Logger } from "../shared/logging/logger.ts";
import { PgBoss, fromPglite } from "pg-boss";
import type { PGlite } from "@electric-sql/pglite";
import type { JobContext, JobDefinition } from "./job.ts";
import { JOBS } from "./registry.ts";

export interface JobRunner {
  /** Queues a job now; the payload is validated first. Returns the job id. */
  send(name: string, payload: unknown): Promise<string | null>;
  stop(): Promise<void>;
}

export type JobDatabase = { kind: "pglite"; pglite: PGlite } | { kind: "postgres"; url: string };

export interface JobOptions {
  /** The jobs to register; default every job in registry.ts. */
  jobs?: ReadonlyArray<JobDefinition<unknown>>;
  /** How often every idle worker looks for new jobs, in place of the two defaults below; pg-boss's minimum is 0.5 s. Tests shorten it. */
  pollingIntervalSeconds?: number;
}

/** How long pg-boss keeps a finished job (its payload included) before its maintenance deletes it. */
export const FINISHED_JOB_SECONDS = 7 * 86_400;
/**
 * Each queue's idle worker polls on its own (one statement each time). A job queued as things happen is
 * looked for every 2 s (pg-boss's default); one only its cron queues (every minute at most) every 10 s, a
 * delay nobody notices. With 13 queues that took the idle app from 6.5 to 2.1 polls a second.
 */
export const ON_DEMAND_POLL_SECONDS = 2;
export const SCHEDULED_POLL_SECONDS = 10;
/** How often the job's idle worker looks for work: the override, else by how the job gets queued. */
export function pollingSeconds(job: Pick<JobDefinition<unknown>, "schedule" | "onDemand">, override?: number): number {
  return override ?? (job.onDemand || !job.schedule ? ON_DEMAND_POLL_SECONDS : SCHEDULED_POLL_SECONDS);
}

const QUEUE_OPTIONS = { retryLimit: 4, retryDelay: 10, retryBackoff: true, retryDelayMax: 600, deleteAfterSeconds: FINISHED_JOB_SECONDS } as const;

export async function startJobs(db: JobDatabase, ctx: JobContext, options: JobOptions = {}): Promise<JobRunner> {
  const jobs = options.jobs ?? JOBS;
  const boss =
    db.kind === "pglite"
      ? new PgBoss({ db: fromPglite(db.pglite), backend: "pglite", schema: "pgboss" })
      : new PgBoss({ connectionString: db.url, schema: "pgboss", max: 4 });
  boss.on("error", bossErrorLogger(ctx.logger));
  await boss.start();
  const byName = new Map(jobs.map((j) => [j.name, j]));
  for (const job of jobs) {
    // A failed run is retried with exponential back-off (10 s, 20 s, 40 s, … up to 10 min), not at once.
    // Finished jobs (completed, failed, cancelled) are deleted by pg-boss's own maintenance after
    // FINISHED_JOB_SECONDS; queued ones that never ran after its retentionSeconds (14 days, its default).
    await boss.createQueue(job.name, { ...QUEUE_OPTIONS });
    await boss.updateQueue(job.name, { ...QUEUE_OPTIONS }); // queues made by an earlier version get the same options
    await boss.work(job.name, { pollingIntervalSeconds: pollingSeconds(job, options.pollingIntervalSeconds) }, async (batch) => {
      for (const item of batch) {
        const parsed = job.payload.safeParse(item.data);
        if (!parsed.success) {
          // A bad payload will never succeed: log precisely and complete it instead of retrying forever.
          ctx.logger.error({ job: job.name, jobId: item.id, issues: parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.code}`) }, "job payload rejected");
          continue;
        }
        await job.handle(parsed.data, ctx);
      }
    });
    if (job.schedule) await boss.schedule(job.name, job.schedule.cron, job.schedule.data(ctx) as object);
  }
  return {
    async send(name, payload) {
      const job = byName.get(name);
      if (!job) throw new AppError("invalid_input", `unknown job "${name}"`);
      return boss.send(name, job.payload.parse(payload) as object);
    },
    stop: () => boss.stop({ graceful: true, timeout: 10_000 }),
  };
}

const QUIET_MS = 10_000;

/**
 * pg-boss reports trouble as 'error' events and carries on: its pool drops dead connections and connects
 * anew, its LISTEN connection reconnects, its workers poll again. During an outage every worker reports
 * each failed poll, so the same code is logged at most once per QUIET_MS (with how many were skipped).
 * Lines carry the SQLSTATE or socket code, never statement text.
 */
function bossErrorLogger(logger: Logger): (error: unknown) => void {
  const lastLogged = new Map<string, { at: number; skipped: number }>();
  return (error) => {
    const fields = dbErrorFields(error);
    const key = fields.code ?? fields.reason ?? "unknown";
    const seen = lastLogged.get(key);
    const now = Date.now();
    if (seen && now - seen.at < QUIET_MS) return void (seen.skipped += 1);
    lastLogged.set(key, { at: now, skipped: 0 });
    const line = { pool: "pg-boss", ...fields, ...(seen?.skipped ? { repeats: seen.skipped } : {}) };
    if (isDbUnavailable(error)) logger.warn(line, "pg-boss: database unavailable; it retries by itself");
    else logger.error({ ...line, errorName: error instanceof Error ? error.name : typeof error }, "pg-boss error");
  };
}
