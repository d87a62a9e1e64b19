// Runs once per `vitest run`, before any worker starts: prepares the migrated template every test app
// starts from, so no test file pays for the migrations and the pg-boss schema again.
// - PGlite: builds (or finds, by key) the cached data-directory tarball of pglite-template.ts.
// - PostgreSQL (TEST_DATABASE_URL): creates and migrates one template database for this run; test
//   databases are created from it (createTestDatabase), and it is dropped at the end.
import { randomBytes } from "node:crypto";
import pg from "pg";
import type { TestProject } from "vitest/node";
import type { JobContext } from "../../src/jobs/job.ts";
import { ensurePgliteTemplate } from "./pglite-template.ts";

declare module "vitest" {
  export interface ProvidedContext {
    /** Name of this run's migrated PostgreSQL template database (only with TEST_DATABASE_URL). */
    postgresTemplate?: string;
  }
}

export default async function setup(project: TestProject): Promise<(() => Promise<void>) | undefined> {
  const server = process.env.TEST_DATABASE_URL;
  if (!server) {
    await ensurePgliteTemplate();
    return undefined;
  }
  const { openDatabase } = await import("../../src/store/open-database.ts");
  const { startJobs } = await import("../../src/jobs/start-jobs.ts");
  const { silentLogger } = await import("../../src/shared/logging/logger.ts");
  const base = new URL(server);
  const name = `${base.pathname.slice(1) || "kna"}_template_${randomBytes(4).toString("hex")}`.toLowerCase();
  await admin(server, `CREATE DATABASE "${name}"`);
  const url = new URL(server);
  url.pathname = `/${name}`;
  // Every connection to the template is closed before use: CREATE DATABASE … TEMPLATE needs it idle.
  const db = await openDatabase({ kind: "postgres", url: url.toString() });
  try {
    const jobs = await startJobs({ kind: "postgres", url: url.toString() }, { logger: silentLogger() } as unknown as JobContext, { jobs: [] });
    await jobs.stop();
  } finally {
    await db.close();
  }
  project.provide("postgresTemplate", name);
  return () => admin(server, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
}

async function admin(url: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}
