// Composition root: config → secrets → store → channels → conversation engine → web → jobs.
// The only module that picks concrete implementations. src/main.ts runs it as a process.
import http from "node:http";
import { serve, type ServerType } from "@hono/node-server";
import type { Hono } from "hono";
import { Registry } from "prom-client";
import { parseEnv, type Env } from "./config/env.ts";
import { loadSecrets } from "./config/secrets.ts";
import { loadAdminUnits } from "./core/areas/admin-units.ts";
import { createConversationEngine, type ConversationEngine } from "./core/conversation/engine.ts";
import type { FlowDefinition } from "./core/conversation/flow.ts";
import { createInputMatcher, type InputCatalogue } from "./core/conversation/match-input.ts";
import {
  systemClock,
  type CaseEvents,
  type Channel,
  type ChannelName,
  type Clock,
  type InboundSink,
  type LockService,
  type SendBudget,
  type SendLimits,
  type StaffMessenger,
  type Stores,
} from "./core/ports.ts";
import { createStaffLinkHandler } from "./core/staff/link-telegram.ts";
import { escalateWaitingCrises } from "./core/cases/escalate-crisis.ts";
import { notifyUrgentCase } from "./core/staff/notify-urgent-case.ts";
import { runDueFollowUps } from "./core/referral/run-follow-ups.ts";
import { runMeetingReminders } from "./core/clubs/run-reminders.ts";
import { runDueCheckIns } from "./core/clubs/run-check-ins.ts";
import { runMissedMeetingCheckIns } from "./core/clubs/run-missed-meetings.ts";
import { sendQuietClubsDigest } from "./core/clubs/quiet-clubs.ts";
import { runFanOuts } from "./core/broadcasts/run-fan-outs.ts";
import { sendDueTips } from "./core/broadcasts/tips.ts";
import { runRetention } from "./core/retention/run-retention.ts";
import { detectDanger, loadDangerCatalogue } from "./core/triage/index.ts";
import { createSealer } from "./shared/crypto/sealer.ts";
import { createTranslator, SUPPORTED_LOCALES, type Translator } from "./shared/i18n/index.ts";
import { createLogger, type Logger } from "./shared/logging/logger.ts";
import { createStores, openDatabase, postgresTargetOf, type Database } from "./store/index.ts";
import { startJobs, type JobRunner } from "./jobs/start-jobs.ts";
import { NOTIFY_URGENT_CASE } from "./jobs/definitions/notify-urgent-case.ts";
import { BROADCAST_FAN_OUT } from "./jobs/definitions/broadcast-fan-out.ts";
import { createWebApp } from "./web/app.ts";
import { createMetrics, type MetricsHandle } from "./web/metrics.ts";
import { createConsole } from "./console/index.ts";
import { createWebChat, type WebChatHandle } from "./channels/webchat/index.ts";
import { staffMessengerOf, startMessengerChannels, type MessengerHandle, type MessengerOptions } from "./messengers.ts";

export interface RunningApp {
  env: Readonly<Env>;
  url: string;
  port: number;
  db: Database;
  stores: Stores;
  engine: ConversationEngine;
  jobs: JobRunner;
  web: Hono;
  stop(): Promise<void>;
}

export interface StartOptions {
  logger?: Logger;
  clock?: Clock;
  /** Extra channel adapters (tests, later features). */
  extraChannels?: Channel[];
  /** Extra conversation flows (tests, later features). */
  extraFlows?: readonly FlowDefinition[];
  /** Tests shorten the Zalo client's back-off. */
  zaloRetry?: MessengerOptions["zaloRetry"];
  /** Tests: start a new embedded database from this migrated data directory (see openDatabase). */
  pgliteTemplate?: Blob;
  /** Tests: how often idle job workers poll (seconds; pg-boss's default is 2). */
  jobPollingIntervalSeconds?: number;
  /** Unhandled rejections counted by the process guards (main.ts), exported at /metrics. */
  rejections?: () => number;
}

const STOP_STEP_TIMEOUT_MS = 15_000;

/** Everything started is stopped in reverse order, at shutdown or when a later start step fails. */
class Teardown {
  private readonly steps: Array<[string, () => Promise<unknown>]> = [];
  private readonly logger: Logger;
  constructor(logger: Logger) {
    this.logger = logger;
  }
  push(what: string, fn: () => Promise<unknown>): void {
    this.steps.push([what, fn]);
  }
  /** Each step gets at most `stepTimeoutMs`: a step stuck on a database that is away must not hold up the rest. */
  async unwind(stepTimeoutMs = STOP_STEP_TIMEOUT_MS): Promise<void> {
    for (const [what, fn] of this.steps.splice(0).reverse()) {
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<"late">((resolve) => (timer = setTimeout(() => resolve("late"), stepTimeoutMs)));
      const outcome = await Promise.race([fn().catch((err: unknown) => this.logger.error({ err, what }, "stop step failed")), late]);
      clearTimeout(timer);
      if (outcome === "late") this.logger.error({ what, timeoutMs: stepTimeoutMs }, "stop step did not finish in time; going on without it");
    }
  }
}

interface Wiring {
  env: Readonly<Env>;
  logger: Logger;
  clock: Clock;
  translator: Translator;
  db: Database;
  stores: Stores;
  jobPollingIntervalSeconds?: number;
  /** The app's one metrics registry (never prom-client's global one), served at /metrics. */
  metrics: MetricsHandle;
  /** The deployment-wide send budget (see store/send-budget.ts). */
  budget: SendBudget;
  /** Filled in as the parts start: the messengers need the engine (their sink) before it exists. */
  late: { engine?: ConversationEngine; jobs?: JobRunner; url?: string };
}

export async function startApp(source: Record<string, string | undefined>, options: StartOptions = {}): Promise<RunningApp> {
  const env = parseEnv(source);
  const logger = options.logger ?? createLogger({ level: env.LOG_LEVEL });
  const teardown = new Teardown(logger);
  try {
    const w = await openStorage(env, logger, options, teardown);
    const webchat = createWebChat({
      stores: w.stores,
      translator: w.translator,
      logger: logger.child({ channel: "webchat" }),
      clock: w.clock,
      secureCookies: isSecure(env),
      idleMs: env.WEBCHAT_IDLE_HOURS * 3_600_000,
      publicUrl: env.PUBLIC_URL,
      exitUrl: env.WEBCHAT_EXIT_URL,
    });
    const messengers = startMessengerChannels({ env, sink: lateSink(w), translator: w.translator, logger, locks: w.db.locks, zaloRetry: options.zaloRetry });
    const channels = new Map<ChannelName, Channel>([["webchat", webchat.channel]]);
    for (const c of [...(options.extraChannels ?? []), ...messengers.map((m) => m.channel)]) channels.set(c.name, c);
    const staffMessenger = throughSender(w, staffMessengerOf(messengers));
    const staffAlerts = staffMessenger ? wireStaffAlerts(w, staffMessenger) : undefined;
    const engine = createEngine(w, channels, options.extraFlows ?? [], staffAlerts);
    w.late.engine = engine;
    const { web, consoleApp } = buildWeb(w, engine, webchat, messengers, staffMessenger);
    const jobs = await startJobRunner(w, engine, staffAlerts, staffMessenger);
    teardown.push("jobs", () => jobs.stop());
    engine.startSender();
    teardown.push("sender", () => engine.stopSender());
    teardown.push("in-flight messages", () => engine.drain());
    const { server, port } = await listen(web, env.PORT, env.HOST);
    teardown.push("http server", () => new Promise<void>((resolve) => server.close(() => resolve())));
    teardown.push("console live streams", async () => consoleApp.close());
    const url = `http://localhost:${port}`;
    w.late.url = url;
    // Every start step that needs the database runs before "ready": a failure here is a failed start
    // (exit 1, said plainly), never a half-started process that tears itself down later.
    await consoleApp.onFirstStart(url);
    for (const m of messengers) {
      teardown.push(`${m.channel.name} channel`, () => m.stop());
      await m.start();
    }
    logger.info({ url, database: w.db.kind, channels: [...channels.keys()] }, "ready");
    // Messages accepted before a crash or restart are handled now rather than at the next minute
    // (in the background; a stop waits for it).
    const resuming = engine.resumeInboxes({ olderThanMs: 0 }).catch((err: unknown) => logger.error({ err }, "resuming inboxes at start failed"));
    teardown.push("resuming inboxes", () => resuming);
    let stopping: Promise<void> | undefined;
    const stop = () => (stopping ??= (logger.info("shutting down"), teardown.unwind()));
    return { env, url, port, db: w.db, stores: w.stores, engine, jobs, web, stop };
  } catch (error) {
    await teardown.unwind();
    throw error;
  }
}

async function openStorage(env: Readonly<Env>, logger: Logger, options: StartOptions, teardown: Teardown): Promise<Wiring> {
  const secrets = loadSecrets(env, logger);
  const db = await openDatabase(
    postgresTargetOf(env) ?? { kind: "pglite", dataDir: env.DATA_DIR === ":memory:" ? undefined : env.DATA_DIR, template: options.pgliteTemplate },
    { logger: logger.child({ component: "database" }) },
  );
  teardown.push("database", () => db.close());
  if (db.migrated.length > 0) logger.info({ migrations: db.migrated }, "database migrated");
  const stores = createStores(db.prisma, createSealer(secrets.ring, secrets.hmacKey), { crossInstanceLocks: db.kind === "postgres", sql: db.sql });
  const late: Wiring["late"] = {};
  const metrics = createMetrics(new Registry(), {
    messages: stores.messages,
    logger: logger.child({ component: "metrics" }),
    rejections: options.rejections,
    sendQueue: () => late.engine?.sendQueue() ?? [],
  });
  return {
    env,
    logger,
    clock: options.clock ?? systemClock,
    translator: createTranslator(),
    db,
    stores,
    jobPollingIntervalSeconds: options.jobPollingIntervalSeconds,
    metrics,
    budget: stores.sendBudget,
    late,
  };
}

/** The engine needs the channel map and the messenger adapters need the engine: a late-bound sink breaks the cycle. */
function lateSink(w: Wiring): InboundSink {
  return {
    handleInbound: (e) => w.late.engine!.handleInbound(e),
    setReachable: (c, id, r) => w.late.engine!.setReachable(c, id, r),
  };
}

const isSecure = (env: Readonly<Env>): boolean => env.PUBLIC_URL?.startsWith("https://") ?? false;

type StaffAlerts = ReturnType<typeof wireStaffAlerts>;

function createEngine(
  w: Wiring,
  channels: ReadonlyMap<ChannelName, Channel>,
  extraFlows: readonly FlowDefinition[],
  staffAlerts: StaffAlerts | undefined,
): ConversationEngine {
  const dangerCatalogue = loadDangerCatalogue();
  return createConversationEngine({
    stores: w.stores,
    channels,
    locks: w.db.locks,
    logger: w.logger.child({ component: "conversation" }),
    translator: w.translator,
    clock: w.clock,
    areas: loadAdminUnits(),
    matcher: createInputMatcher(SUPPORTED_LOCALES.map((l) => inputCatalogue(w.translator, l))),
    detectDanger: (text) => detectDanger(text, dangerCatalogue),
    extraFlows,
    metrics: w.metrics.metrics,
    budget: w.budget,
    sendLimits: sendLimits(w.env),
    ...(staffAlerts ? { startHandlers: staffAlerts.startHandlers, caseEvents: staffAlerts.caseEvents } : {}),
  });
}

function buildWeb(w: Wiring, engine: ConversationEngine, webchat: WebChatHandle, messengers: MessengerHandle[], messenger: StaffMessenger | undefined) {
  const web = createWebApp({
    logger: w.logger,
    translator: w.translator,
    ready: () => w.db.ping(),
    metrics: w.metrics.scrape,
    metricsToken: w.env.METRICS_TOKEN,
  });
  if (!w.env.METRICS_TOKEN && w.env.NODE_ENV === "production") w.logger.warn("METRICS_TOKEN is not set: /metrics answers anyone who can reach it");
  for (const m of messengers) if (m.webhook) web.route(`/webhooks/${m.channel.name}`, m.webhook);
  web.route("/", webchat.routes(engine));
  const consoleApp = createConsole({
    stores: w.stores,
    engine,
    translator: w.translator,
    logger: w.logger.child({ component: "console" }),
    clock: w.clock,
    secureCookies: isSecure(w.env),
    publicUrl: w.env.PUBLIC_URL,
    trustedProxyHops: w.env.TRUSTED_PROXY_HOPS,
    crisisClaimTargetMinutes: w.env.CRISIS_CLAIM_TARGET_MINUTES,
    broadcasts: {
      // The fan-out runs as a pg-boss job; if queueing it fails, the every-minute run picks the broadcast up.
      fanOut: async (broadcastId: string) => {
        await w.late.jobs?.send(BROADCAST_FAN_OUT, { broadcastId }).catch((err: unknown) => w.logger.error({ err }, "could not queue a broadcast fan-out"));
      },
      rates: { telegram: w.env.SEND_TELEGRAM_PER_SECOND, zalo: w.env.SEND_ZALO_PER_SECOND },
    },
    ...(messenger ? { messenger } : {}),
  });
  web.route("/console", consoleApp.routes);
  return { web, consoleApp };
}

async function startJobRunner(
  w: Wiring,
  engine: ConversationEngine,
  staffAlerts: StaffAlerts | undefined,
  messenger: StaffMessenger | undefined,
): Promise<JobRunner> {
  const jobs = await startJobs(
    w.db.pglite ? { kind: "pglite", pglite: w.db.pglite } : { kind: "postgres", url: w.db.url! },
    {
      stores: w.stores,
      clock: w.clock,
      logger: w.logger.child({ component: "jobs" }),
      intakeAbandonDays: w.env.INTAKE_ABANDON_DAYS,
      retentionDays: w.env.RETENTION_DAYS,
      runRetention: async (days) => ({ ...(await runRetention({ retention: w.stores.retention, clock: w.clock }, { days })) }),
      redeliverDue: (limit) => engine.redeliverDue(limit),
      resumeInboxes: (limit) => engine.resumeInboxes({ limit }),
      referralFollowUps: (limit) =>
        runDueFollowUps({ stores: w.stores, clock: w.clock, logger: w.logger.child({ component: "referrals" }), startTurn: (i) => engine.startTurn(i) }, limit),
      meetingReminders: (limit) =>
        runMeetingReminders(
          {
            stores: w.stores,
            clock: w.clock,
            logger: w.logger.child({ component: "clubs" }),
            t: (locale, key, vars) => w.translator.t(locale, key, vars),
            enqueue: (input) => engine.enqueue(input),
          },
          { hoursBefore: w.env.CLUB_REMINDER_HOURS_BEFORE, limit },
        ),
      ...(staffAlerts ? { notifyUrgentCase: staffAlerts.notifyUrgentCase } : {}),
      fanOutBroadcasts: (broadcastId) => runFanOuts(bulkDeps(w, engine, "broadcasts"), broadcastId),
      sendDueTips: (limit) => sendDueTips(bulkDeps(w, engine, "tips"), limit),
      escalateCrises: (limit) =>
        escalateWaitingCrises(
          {
            stores: w.stores,
            clock: w.clock,
            logger: w.logger.child({ component: "crisis-escalation" }),
            settings: crisisEscalationSettings(w.env),
            startTurn: (input) => engine.startTurn(input),
            ...(staffAlerts ? { ping: staffAlerts.notifyUrgentCase } : {}),
          },
          { limit },
        ),
      ...attendanceJobs(w, engine, messenger),
    },
    { pollingIntervalSeconds: w.jobPollingIntervalSeconds },
  );
  w.late.jobs = jobs;
  return jobs;
}

/** Club attendance (issue 10 part C): check-ins and missed-meeting check-ins through startTurn; the digest through the staff messenger. */
function attendanceJobs(w: Wiring, engine: ConversationEngine, messenger: StaffMessenger | undefined) {
  const deps = {
    stores: w.stores,
    clock: w.clock,
    logger: w.logger.child({ component: "attendance" }),
    startTurn: (i: { personId: string; flow: string; params?: Record<string, unknown> }) => engine.startTurn(i),
  };
  return {
    clubCheckIns: (limit: number) => runDueCheckIns(deps, limit),
    clubMissedMeetings: (limit: number) => runMissedMeetingCheckIns(deps, limit),
    ...(messenger
      ? {
          quietClubsDigest: () =>
            sendQuietClubsDigest({
              ...deps,
              messenger,
              translator: w.translator,
              areas: loadAdminUnits(),
              origin: () => w.env.PUBLIC_URL ?? w.late.url ?? `http://localhost:${w.env.PORT}`,
            }),
        }
      : {}),
  };
}

/** What the broadcast fan-out and the tips need: the stores, and the outbox's enqueue (bulk lane). */
function bulkDeps(w: Wiring, engine: ConversationEngine, component: string) {
  return {
    stores: w.stores,
    clock: w.clock,
    translator: w.translator,
    logger: w.logger.child({ component }),
    enqueue: engine.enqueue,
    enqueueMany: engine.enqueueMany,
  };
}

/** Staff pings: the core's urgent-case events queue a job; the job pings on-duty staff through Telegram. */
function wireStaffAlerts(w: Wiring, messenger: StaffMessenger) {
  const logger = w.logger.child({ component: "staff-alerts" });
  const caseEvents: CaseEvents = {
    // Called after the case is stored; queueing failures are logged, never thrown into the conversation.
    caseUrgent: async (event) => {
      await w.late.jobs?.send(NOTIFY_URGENT_CASE, event).catch((err: unknown) => logger.error({ err }, "could not queue the urgent-case ping"));
    },
  };
  const deps = {
    stores: w.stores,
    messenger,
    translator: w.translator,
    clock: w.clock,
    logger,
    origin: () => w.env.PUBLIC_URL ?? w.late.url ?? `http://localhost:${w.env.PORT}`,
  };
  return {
    caseEvents,
    startHandlers: [createStaffLinkHandler({ stores: w.stores, translator: w.translator, clock: w.clock, logger })],
    notifyUrgentCase: (input: { caseId: string; priority: number; round?: number; waitedMinutes?: number }) => notifyUrgentCase(deps, input),
  };
}

export function crisisEscalationSettings(env: Pick<Env, "CRISIS_CLAIM_TARGET_MINUTES" | "CRISIS_SECOND_PING_MINUTES" | "CRISIS_WAIT_NOTICE_MINUTES">) {
  return {
    claimTargetMinutes: env.CRISIS_CLAIM_TARGET_MINUTES,
    secondPingMinutes: env.CRISIS_SECOND_PING_MINUTES,
    waitNoticeMinutes: env.CRISIS_WAIT_NOTICE_MINUTES,
  };
}

/** Each messenger's limits from the environment; the web chat is never throttled. */
function sendLimits(env: Readonly<Env>): SendLimits {
  return {
    telegram: {
      overall: { perSecond: env.SEND_TELEGRAM_PER_SECOND, burst: 1 },
      perChat: { perSecond: env.SEND_TELEGRAM_PER_CHAT_PER_SECOND, burst: env.SEND_TELEGRAM_PER_CHAT_BURST },
    },
    zalo: {
      overall: { perSecond: env.SEND_ZALO_PER_SECOND, burst: 1 },
      perChat: { perSecond: env.SEND_ZALO_PER_CHAT_PER_SECOND, burst: env.SEND_ZALO_PER_CHAT_BURST },
    },
  };
}

/** Staff pings go through the one sender, in the staff lane (after urgent replies, before bulk). */
function throughSender(w: Wiring, messenger: StaffMessenger | undefined): StaffMessenger | undefined {
  if (!messenger) return undefined;
  return {
    botUsername: () => messenger.botUsername(),
    send: async (chatId, text, locale) => (await w.late.engine!.sendTo("telegram", chatId, { kind: "text", text }, locale, "staff")).status,
  };
}

function inputCatalogue(translator: Translator, locale: string): InputCatalogue {
  return { numbers: translator.raw(locale, "input:numbers") ?? {}, commands: translator.raw(locale, "input:commands") ?? {} };
}

/**
 * Idle keep-alive connections are closed by the client first: a server that closes one at the moment a
 * client sends on it resets that request (ECONNRESET), which a busy event loop makes likely with Node's
 * 5 s default. Clients (fetch, proxies, the messengers) use shorter idle times than this; see also the
 * usual advice to keep it above a load balancer's 60 s.
 */
const KEEP_ALIVE_TIMEOUT_MS = 65_000;

function listen(app: Hono, port: number, hostname: string): Promise<{ server: ServerType; port: number }> {
  return new Promise((resolve, reject) => {
    const server = serve({ fetch: app.fetch, port, hostname }, (info) => resolve({ server, port: info.port }));
    if (server instanceof http.Server) {
      server.keepAliveTimeout = KEEP_ALIVE_TIMEOUT_MS;
      server.headersTimeout = KEEP_ALIVE_TIMEOUT_MS + 1_000; // must exceed keepAliveTimeout
    }
    server.once("error", reject);
  });
}

export type { LockService };
