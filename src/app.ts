// Composition root: config → secrets → store → channels → conversation engine → web → jobs.
// The only module that picks concrete implementations. src/main.ts runs it as a process.
import { serve, type ServerType } from "@hono/node-server";
import type { Hono } from "hono";
import { parseEnv, type Env } from "./config/env.ts";
import { loadSecrets } from "./config/secrets.ts";
import { loadAdminUnits } from "./core/areas/admin-units.ts";
import { createConversationEngine, type ConversationEngine } from "./core/conversation/engine.ts";
import { createInputMatcher, type InputCatalogue } from "./core/conversation/match-input.ts";
import { systemClock, type Channel, type ChannelName, type Clock, type InboundSink, type LockService, type Store } from "./core/ports.ts";
import { detectDanger, loadDangerCatalogue } from "./core/triage/index.ts";
import { createSealer } from "./shared/crypto/sealer.ts";
import { createTranslator, SUPPORTED_LOCALES, type Translator } from "./shared/i18n/index.ts";
import { createLogger, type Logger } from "./shared/logging/logger.ts";
import { createStore, openDatabase, type Database } from "./store/index.ts";
import { startJobs, type JobRunner } from "./jobs/start-jobs.ts";
import { createWebApp } from "./web/app.ts";
import { createWebChat } from "./channels/webchat/index.ts";
import { startMessengerChannels, type MessengerHandle } from "./messengers.ts";

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
  /** Extra routes to mount before the web chat (tests, later features). */
  extraChannels?: Channel[];
}

export async function startApp(source: Record<string, string | undefined>, options: StartOptions = {}): Promise<RunningApp> {
  const env = parseEnv(source);
  const logger = options.logger ?? createLogger({ level: env.LOG_LEVEL });
  const clock = options.clock ?? systemClock;
  const secrets = loadSecrets(env, logger);
  const db = await openDatabase(env.DATABASE_URL ? { kind: "postgres", url: env.DATABASE_URL } : { kind: "pglite", dataDir: env.DATA_DIR === ":memory:" ? undefined : env.DATA_DIR });
  if (db.migrated.length > 0) logger.info({ migrations: db.migrated }, "database migrated");
  const store = createStore(db.prisma, createSealer(secrets.ring, secrets.hmacKey));
  const translator = createTranslator();

  const secureCookies = env.PUBLIC_URL?.startsWith("https://") ?? false;
  const webchat = createWebChat({ store, translator, logger: logger.child({ channel: "webchat" }), secureCookies });
  const channels = new Map<ChannelName, Channel>([["webchat", webchat.channel]]);
  for (const extra of options.extraChannels ?? []) channels.set(extra.name, extra);

  // The engine needs the channel map and the messenger adapters need the engine (as their sink):
  // a late-bound sink breaks the cycle.
  const late: { engine?: ConversationEngine } = {};
  const sink: InboundSink = {
    handleInbound: (e) => late.engine!.handleInbound(e),
    setReachable: (c, id, r) => late.engine!.setReachable(c, id, r),
  };
  const messengers = startMessengerChannels({ env, sink, translator, logger, locks: db.locks });
  for (const m of messengers) channels.set(m.channel.name, m.channel);

  const engine = createConversationEngine({
    store,
    channels,
    logger: logger.child({ component: "conversation" }),
    translator,
    clock,
    areas: loadAdminUnits(),
    matcher: createInputMatcher(SUPPORTED_LOCALES.map((l) => inputCatalogue(translator, l))),
    detectDanger: ((catalogue) => (text: string) => detectDanger(text, catalogue))(loadDangerCatalogue()),
  });
  late.engine = engine;

  const web = createWebApp({ logger, healthy: () => db.prisma.$queryRaw`SELECT 1`.then(() => true, () => false) });
  mountMessengerWebhooks(web, messengers);
  web.route("/", webchat.routes(engine));

  const jobs = await startJobs(db.pglite ? { kind: "pglite", pglite: db.pglite } : { kind: "postgres", url: db.url! }, {
    store,
    clock,
    logger: logger.child({ component: "jobs" }),
    intakeAbandonDays: env.INTAKE_ABANDON_DAYS,
  });

  const { server, port } = await listen(web, env.PORT, env.HOST);
  for (const m of messengers) await m.start();
  const url = `http://localhost:${port}`;
  logger.info({ url, database: db.kind, channels: [...channels.keys()] }, "ready");

  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      logger.info("shutting down");
      for (const m of messengers) await m.stop().catch((err: unknown) => logger.error({ err }, "channel stop failed"));
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await engine.drain();
      await jobs.stop().catch((err: unknown) => logger.error({ err }, "job runner stop failed"));
      await db.close();
    })());

  return { env, url, port, db, store, engine, jobs, web, stop };
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
