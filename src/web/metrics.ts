// Prometheus metrics (prom-client) behind the core's Metrics port, served at /metrics by web/app.ts.
// The composition root creates the one Registry and passes it in: nothing here touches prom-client's
// global default registry, so two apps in one process (tests) never share series.
// Gauges that need the database (inbox lag, outbox depth) are read on scrape with one cheap query each;
// when the database does not answer, those series are left out of that scrape (the rest still answer)
// and /readyz says why.
import { collectDefaultMetrics, Counter, Gauge, Histogram, type Registry } from "prom-client";
import type { Metrics } from "../core/metrics.ts";
import type { MessageStore } from "../core/ports.ts";
import type { Logger } from "../shared/logging/logger.ts";

export interface MetricsSources {
  messages: Pick<MessageStore, "oldestUnhandledAt" | "outboxDepth">;
  logger: Logger;
  /** Unhandled promise rejections seen so far (process guards); absent: the series is not exported. */
  rejections?: () => number;
  /** Sends waiting for the rate limiter now, by channel and lane (the sender); read on scrape. */
  sendQueue?: () => Array<{ channel: string; lane: string; count: number }>;
}

export interface MetricsHandle {
  /** What the core records into. */
  metrics: Metrics;
  /** One scrape in the Prometheus text format. */
  scrape(): Promise<{ contentType: string; body: string }>;
}

const PREFIX = "ketnoi_";
/** Turn durations in seconds: a few ms on a warm PostgreSQL, seconds when PGlite or the database struggles. */
const TURN_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

export function createMetrics(registry: Registry, sources: MetricsSources): MetricsHandle {
  collectDefaultMetrics({ register: registry });
  const registers = [registry];
  const turns = new Histogram({
    name: `${PREFIX}turn_duration_seconds`,
    help: "Wall time of one conversation turn (one transaction), by outcome.",
    labelNames: ["outcome"] as const,
    buckets: TURN_BUCKETS,
    registers,
  });
  const sends = new Counter({
    name: `${PREFIX}sends_total`,
    help: "Sends through a channel adapter, by channel and result.",
    labelNames: ["channel", "result"] as const,
    registers,
  });
  const sendWaits = new Counter({
    name: `${PREFIX}send_rate_limit_waits_total`,
    help: "Sends that waited for the rate limiter, by channel and scope: chat (its chat's budget), channel (the bot's budget), retry_after (a 429 paused the channel).",
    labelNames: ["channel", "scope"] as const,
    registers,
  });
  const sendWaitSeconds = new Counter({
    name: `${PREFIX}send_rate_limit_wait_seconds_total`,
    help: "Time sends spent waiting for the rate limiter, by channel and scope (retry_after: the length of each pause).",
    labelNames: ["channel", "scope"] as const,
    registers,
  });
  const dbErrors = new Counter({
    name: `${PREFIX}database_errors_total`,
    help: "Failures the database caused: accept (an inbound event not accepted; the channel resends), turn_rollback, inbox (processing after accept).",
    labelNames: ["kind"] as const,
    registers,
  });
  const newScrape = databaseGauges(registry, sources);
  if (sources.rejections) rejectionCounter(registry, sources.rejections);
  return {
    metrics: {
      observeTurn: (ms, outcome) => turns.observe({ outcome }, ms / 1000),
      countSend: (channel, result) => sends.inc({ channel, result }),
      countSendWait: (channel, scope, ms) => {
        sendWaits.inc({ channel, scope });
        sendWaitSeconds.inc({ channel, scope }, ms / 1000);
      },
      countDbError: (kind) => dbErrors.inc({ kind }),
    },
    scrape: async () => {
      newScrape();
      return { contentType: registry.contentType, body: await registry.metrics() };
    },
  };
}

/** Inbox lag and outbox depth, read on scrape; left out of a scrape the database could not answer. */
function databaseGauges(registry: Registry, s: MetricsSources): () => void {
  // Both outbox gauges come from one query per scrape (the returned function starts a new scrape).
  let depthRead: ReturnType<MetricsSources["messages"]["outboxDepth"]> | undefined;
  const outboxDepth = () => (depthRead ??= s.messages.outboxDepth());
  const unavailable = (gauge: Gauge, what: string) => (err: unknown) => {
    gauge.reset();
    s.logger.warn({ err, what }, "metrics: the database did not answer; series left out of this scrape");
  };
  new Gauge({
    name: `${PREFIX}inbox_lag_seconds`,
    help: "Age of the oldest accepted inbound message whose turn has not committed (0 when the inbox is empty).",
    registers: [registry],
    async collect() {
      await s.messages
        .oldestUnhandledAt()
        .then((oldest) => this.set(oldest ? Math.max(0, (Date.now() - oldest.getTime()) / 1000) : 0), unavailable(this, "inbox lag"));
    },
  });
  new Gauge({
    name: `${PREFIX}outbox_depth`,
    help: "Outbound messages still to go out: pending (being sent or leased) and failed (a retry is scheduled).",
    labelNames: ["status"] as const,
    registers: [registry],
    async collect() {
      await outboxDepth().then(
        (depth) => {
          this.set({ status: "pending" }, depth.pending);
          this.set({ status: "failed" }, depth.failed);
        },
        unavailable(this, "outbox depth"),
      );
    },
  });
  new Gauge({
    name: `${PREFIX}outbox_lane_depth`,
    help: "Outbound messages still to go out, by lane (urgent, staff, bulk) and status: queued (due later), pending (being sent or leased), failed (a retry is scheduled).",
    labelNames: ["lane", "status"] as const,
    registers: [registry],
    async collect() {
      await outboxDepth().then(
        (depth) => {
          for (const [lane, counts] of Object.entries(depth.lanes)) for (const [status, n] of Object.entries(counts)) this.set({ lane, status }, n);
        },
        unavailable(this, "outbox lane depth"),
      );
    },
  });
  if (s.sendQueue) {
    const queue = s.sendQueue;
    new Gauge({
      name: `${PREFIX}send_queue`,
      help: "Sends waiting in this process for the rate limiter now, by channel and lane.",
      labelNames: ["channel", "lane"] as const,
      registers: [registry],
      collect() {
        for (const row of queue()) this.set({ channel: row.channel, lane: row.lane }, row.count);
      },
    });
  }
  return () => void (depthRead = undefined);
}

/** Mirrors the process guards' running count (a counter only goes up: add what is new at each scrape). */
function rejectionCounter(registry: Registry, rejections: () => number): void {
  let seen = 0;
  new Counter({
    name: `${PREFIX}unhandled_rejections_total`,
    help: "Unhandled promise rejections logged by the process guards (the process stays up).",
    registers: [registry],
    collect() {
      const now = rejections();
      if (now > seen) this.inc(now - seen);
      seen = Math.max(seen, now);
    },
  });
}
