// Composition root: config → secrets → store → channels → conversation engine → web → jobs.
// The only module that picks concrete implementations. src/main.ts runs it as a process.
import { serve, type ServerType } from "@hono/node-server";
import type { Hono } from "hono";
import { parseEnv, type Env } from "./config/env.ts";
import { loadSecrets } from "./config/secrets.ts";
import { loadAdminUnits } from "./core/areas/admin-units.ts";
import { createConversationEngine, type ConversationEngine } from "./core/conversation/engine.ts";
import { createInputMatcher, type InputCatalogue } from "./core/conversation/match-input.ts";
import { systemClock, type CaseEvents, type Channel, type ChannelName, type Clock, type InboundSink, type LockService, type Store } from "./core/ports.ts";
import { detectDanger, loadDangerCatalogue } from "./core/triage/index.ts";
import { createSealer } from "./shared/crypto/sealer.ts";
import { createTranslator, SUPPORTED_LOCALES, type Translator } from "./shared/i18n/index.ts";
import { createLogger, type Logger } from "./shared/logging/logger.ts";
import { createStore, openDatabase, type Database } from "./store/index.ts";
import { startJobs, type JobRunner } from "./jobs/start-jobs.ts";
import { createWebApp } from "./web/app.ts";
import { createWebChat } from "./channels/webchat/index.ts";
import { createConsole, createStaffLinkHandler, notifyUrgentCase, type StaffMessenger } from "./console/index.ts";
import { NOTIFY_URGENT_CASE } from "./jobs/definitions/notify-urgent-case.ts";
import { createConsoleStore } from "./store/console-store.ts";
import { staffMessengerOf, startMessengerChannels, type MessengerHandle, type MessengerOptions } from "./messengers.ts";

export interface RunningApp {
  env: Readonly<Env>;
  url: string;
  port: number;
  db: Database;
  store: Store;
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
  /** Tests shorten the Zalo client's back-off. */
  zaloRetry?: MessengerOptions["zaloRetry"];
  /** Tests: start a new embedded database from this migrated data directory (see openDatabase). */
  pgliteTemplate?: Blob;
  /** Tests: how often idle job workers poll (seconds; pg-boss's default is 2). */
  jobPollingIntervalSeconds?: number;
}

export async function startApp(source: Record<string, string | undefined>, options: StartOptions = {}): Promise<RunningApp> {
  const env = parseEnv(source);
  const logger = options.logger ?? createLogger({ level: env.LOG_LEVEL });
  const clock = options.clock ?? systemClock;
  const secrets = loadSecrets(env, logger);
  // Everything started is stopped in reverse order, at shutdown or when a later start step fails.
  const teardown: Array<[string, () => Promise<unknown>]> = [];
  const unwind = async () => {
    for (const [what, fn] of teardown.splice(0).reverse()) await fn().catch((err: unknown) => logger.error({ err, what }, "stop step failed"));
  };
  try {
    const db = await openDatabase(env.DATABASE_URL ? { kind: "postgres", url: env.DATABASE_URL } : { kind: "pglite", dataDir: env.DATA_DIR === ":memory:" ? undefined : env.DATA_DIR, template: options.pgliteTemplate });
    teardown.push(["database", () => db.close()]);
    if (db.migrated.length > 0) logger.info({ migrations: db.migrated }, "database migrated");
    const sealer = createSealer(secrets.ring, secrets.hmacKey);
    const store = createStore(db.prisma, sealer);
    const translator = createTranslator();

    const secureCookies = env.PUBLIC_URL?.startsWith("https://") ?? false;
    const webchat = createWebChat({ store, translator, logger: logger.child({ channel: "webchat" }), secureCookies });
    const channels = new Map<ChannelName, Channel>([["webchat", webchat.channel]]);
    for (const extra of options.extraChannels ?? []) channels.set(extra.name, extra);

    // The engine needs the channel map and the messenger adapters need the engine (as their sink):
    // a late-bound sink breaks the cycle.
    const late: { engine?: ConversationEngine; jobs?: JobRunner; url?: string } = {};
    const sink: InboundSink = {
      handleInbound: (e) => late.engine!.handleInbound(e),
      setReachable: (c, id, r) => late.engine!.setReachable(c, id, r),
    };
    const messengers = startMessengerChannels({ env, sink, translator, logger, locks: db.locks, zaloRetry: options.zaloRetry });
    for (const m of messengers) channels.set(m.channel.name, m.channel);
    // Staff pings and Telegram linking exist only when a staff messenger (Telegram) is configured.
    const consoleStore = createConsoleStore(db.prisma, sealer);
    const staffMessenger = staffMessengerOf(messengers);
    const staffAlerts = staffMessenger ? wireStaffAlerts({ env, logger, translator, clock, consoleStore, staffMessenger, late }) : undefined;

    const dangerCatalogue = loadDangerCatalogue();
    const engine = createConversationEngine({
      store,
      channels,
      locks: db.locks,
      logger: logger.child({ component: "conversation" }),
      translator,
      clock,
      areas: loadAdminUnits(),
      matcher: createInputMatcher(SUPPORTED_LOCALES.map((l) => inputCatalogue(translator, l))),
      detectDanger: (text) => detectDanger(text, dangerCatalogue),
      ...(staffAlerts ? { startHandlers: staffAlerts.startHandlers, caseEvents: staffAlerts.caseEvents } : {}),
    });
    late.engine = engine;

    const web = createWebApp({ logger, healthy: () => db.prisma.$queryRaw`SELECT 1`.then(() => true, () => false) });
    mountMessengerWebhooks(web, messengers);
    web.route("/", webchat.routes(engine));
    const consoleApp = createConsole({ store: consoleStore, core: store, engine, translator, logger: logger.child({ component: "console" }), clock, secureCookies, publicUrl: env.PUBLIC_URL, trustedProxyHops: env.TRUSTED_PROXY_HOPS, ...(staffMessenger ? { messenger: staffMessenger } : {}) });
    web.route("/console", consoleApp.routes);

    const jobs = await startJobs(db.pglite ? { kind: "pglite", pglite: db.pglite } : { kind: "postgres", url: db.url! }, {
      store,
      clock,
      logger: logger.child({ component: "jobs" }),
      intakeAbandonDays: env.INTAKE_ABANDON_DAYS,
      redeliverDue: (limit) => engine.redeliverDue(limit),
      ...(staffAlerts ? { notifyUrgentCase: staffAlerts.notifyUrgentCase } : {}),
    }, { pollingIntervalSeconds: options.jobPollingIntervalSeconds });
    late.jobs = jobs;
    teardown.push(["jobs", () => jobs.stop()]);
    teardown.push(["in-flight messages", () => engine.drain()]);

    const { server, port } = await listen(web, env.PORT, env.HOST);
    teardown.push(["http server", () => new Promise<void>((resolve) => server.close(() => resolve()))]);
    teardown.push(["console live streams", async () => consoleApp.close()]);
    for (const m of messengers) {
      teardown.push([`${m.channel.name} channel`, () => m.stop()]);
      await m.start();
    }
    const url = `http://localhost:${port}`;
    late.url = url;
    logger.info({ url, database: db.kind, channels: [...channels.keys()] }, "ready");
    await consoleApp.onFirstStart(url);

    let stopping: Promise<void> | undefined;
    const stop = () =>
      (stopping ??= (async () => {
        logger.info("shutting down");
        await unwind();
      })());
    return { env, url, port, db, store, engine, jobs, web, stop };
  } catch (error) {
    await unwind();
    throw error;
  }
}

/** Staff pings: the core's urgent-case events queue a job; the job pings on-duty staff through Telegram. */
function wireStaffAlerts(o: { env: Readonly<Env>; logger: Logger; translator: Translator; clock: Clock; consoleStore: ReturnType<typeof createConsoleStore>; staffMessenger: StaffMessenger; late: { jobs?: JobRunner; url?: string } }) {
  const logger = o.logger.child({ component: "staff-alerts" });
  const caseEvents: CaseEvents = {
    // Called after the case is stored; queueing failures are logged, never thrown into the conversation.
    caseUrgent: async (event) => {
      await o.late.jobs?.send(NOTIFY_URGENT_CASE, event).catch((err: unknown) => logger.error({ err }, "could not queue the urgent-case ping"));
    },
  };
  const deps = { store: o.consoleStore, messenger: o.staffMessenger, translator: o.translator, clock: o.clock, logger, origin: () => o.env.PUBLIC_URL ?? o.late.url ?? `http://localhost:${o.env.PORT}` };
  return {
    caseEvents,
    startHandlers: [createStaffLinkHandler({ store: o.consoleStore, translator: o.translator, clock: o.clock, logger })],
    notifyUrgentCase: (input: { caseId: string; priority: number }) => notifyUrgentCase(deps, input),
  };
}

function inputCatalogue(translator: Translator, locale: string): InputCatalogue {
  return { numbers: translator.raw(locale, "input:numbers") ?? {}, commands: translator.raw(locale, "input:commands") ?? ({} as InputCatalogue["commands"]) };
}

function mountMessengerWebhooks(web: Hono, messengers: MessengerHandle[]): void {
  for (const m of messengers) if (m.webhook) web.route(`/webhooks/${m.channel.name}`, m.webhook);
}

function listen(app: Hono, port: number, hostname: string): Promise<{ server: ServerType; port: number }> {
  return new Promise((resolve, reject) => {
    const server = serve({ fetch: app.fetch, port, hostname }, (info) => resolve({ server, port: info.port }));
    server.once("error", reject);
  });
}

export type { LockService };
