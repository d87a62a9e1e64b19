// Starts the WHOLE app in-process for tests, on a fresh database:
// - default: embedded PGlite in memory (DATA_DIR=":memory:"), or on disk when `dataDir` is given, started
//   from a migrated template (pglite-template.ts) instead of running initdb and every migration;
// - when TEST_DATABASE_URL is set: a fresh PostgreSQL database created on that server and dropped at stop().
// Usage:
//   const app = await startTestApp({ env: { TELEGRAM_BOT_TOKEN: "...", TELEGRAM_API_ROOT: fake.url } });
//   ... app.url (http://localhost:<random port>), app.stores, app.db.prisma ...
//   await app.stop();
import { randomBytes } from "node:crypto";
import pg from "pg";
import { inject } from "vitest";
import { startApp, type RunningApp, type StartOptions } from "../../src/app.ts";
import { silentLogger } from "../../src/shared/logging/logger.ts";
import { pgliteTemplate } from "./pglite-template.ts";

export interface TestAppOptions extends StartOptions {
  env?: Record<string, string | undefined>;
  /** Keep data on disk (restart tests); default is in memory. */
  dataDir?: string;
  /** Reuse an existing PostgreSQL database URL instead of creating one (restart tests). */
  databaseUrl?: string;
}

export interface TestApp extends RunningApp {
  /** The database URL used when running on PostgreSQL (undefined on PGlite). */
  databaseUrl?: string;
}

export const TEST_KEYS = {
  ENCRYPTION_KEY: randomBytes(32).toString("base64"),
  HMAC_KEY: randomBytes(32).toString("base64"),
};

export function onPostgres(): boolean {
  return Boolean(process.env.TEST_DATABASE_URL);
}

/**
 * Creates a database next to TEST_DATABASE_URL; returns its URL and a drop function. Under vitest it is a
 * copy of this run's migrated template (global-setup.ts); elsewhere it is empty and the app migrates it.
 */
export async function createTestDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const base = new URL(process.env.TEST_DATABASE_URL!);
  const name = `${base.pathname.slice(1) || "kna"}_${randomBytes(5).toString("hex")}`.toLowerCase();
  const template = process.env.VITEST ? inject("postgresTemplate") : undefined;
  const admin = new pg.Client({ connectionString: base.toString() });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"${template ? ` TEMPLATE "${template}"` : ""}`);
  await admin.end();
  const url = new URL(base.toString());
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const c = new pg.Client({ connectionString: base.toString() });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await c.end();
    },
  };
}

export async function startTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  let created: { url: string; drop(): Promise<void> } | undefined;
  let databaseUrl = options.databaseUrl;
  if (!databaseUrl && onPostgres()) {
    created = await createTestDatabase();
    databaseUrl = created.url;
  }
  const env = {
    NODE_ENV: "test",
    PORT: "0",
    HOST: "127.0.0.1",
    LOG_LEVEL: "silent",
    DATA_DIR: options.dataDir ?? ":memory:",
    // The per-chat send limit paces a person's replies at about one a second once a burst is spent: tests
    // of the conversation would mostly wait. The sending tests (test/integration/sender*.test.ts) set it.
    SEND_TELEGRAM_PER_CHAT_PER_SECOND: "1000",
    SEND_ZALO_PER_CHAT_PER_SECOND: "1000",
    ...TEST_KEYS,
    ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
    ...options.env,
  };
  const app = await startApp(env, {
    logger: options.logger ?? silentLogger(),
    // Jobs a test queues run within half a second instead of pg-boss's default 2 s poll.
    jobPollingIntervalSeconds: 0.5,
    ...(databaseUrl ? {} : { pgliteTemplate: await pgliteTemplate() }),
    ...options,
  });
  return {
    ...app,
    databaseUrl,
    url: `http://127.0.0.1:${app.port}`,
    async stop() {
      await app.stop();
      await created?.drop();
    },
  };
}
