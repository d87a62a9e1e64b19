// A migrated PGlite data directory (with the pg-boss schema) that test apps start from, so a test does not
// pay for initdb, every migration and the pg-boss schema again (about 4 s of CPU per app).
// - The tarball is cached (test-cache.ts) under a key made of the migrations (names and checksums) and
//   the installed PGlite and pg-boss versions: a changed or added migration, or an upgrade, builds a new
//   template; an outdated one is never picked up.
// - openDatabase still checks and applies the migrations on top of the template, so even a wrong template
//   cannot silently give a test an old schema (an edited migration fails loudly).
// - vitest's globalSetup (global-setup.ts) builds it once before the workers start; outside vitest
//   (scripts, benchmarks) the first caller builds it.
import fs from "node:fs";
import type { JobContext } from "../../src/jobs/job.ts";
import { readMigrations } from "../../src/store/migrate.ts";
import { cachedFile, cacheKey, installedVersion } from "./test-cache.ts";

/** The template's key: what the migrated database depends on. */
export function templateKey(): string {
  const migrations = readMigrations().map((m) => `${m.name}:${m.checksum}`);
  return cacheKey([...migrations, ...["@electric-sql/pglite", "pg-boss"].map((pkg) => `${pkg}@${installedVersion(pkg)}`)]);
}

/** Builds the template unless a current one is cached; returns its path. Safe to call from several processes. */
export function ensurePgliteTemplate(): Promise<string> {
  return cachedFile(`pglite-template-${templateKey()}.tar`, buildTemplate);
}

let loaded: Promise<Blob> | undefined;

/** The template as a Blob for openDatabase / startApp (`pgliteTemplate`); read once per process. */
export function pgliteTemplate(): Promise<Blob> {
  // Read into memory, not opened lazily: another run may replace the cached file while this one uses it.
  loaded ??= ensurePgliteTemplate().then((file) => new Blob([fs.readFileSync(file)]));
  return loaded;
}

async function buildTemplate(): Promise<Uint8Array> {
  // Loaded only when a template is built, so a cached template costs vitest's main process nothing.
  const { openDatabase } = await import("../../src/store/open-database.ts");
  const { startJobs } = await import("../../src/jobs/start-jobs.ts");
  const { silentLogger } = await import("../../src/shared/logging/logger.ts");
  const db = await openDatabase({ kind: "pglite" });
  try {
    // The app's own pg-boss set-up with no jobs: creates the schema exactly as startApp would.
    const jobs = await startJobs({ kind: "pglite", pglite: db.pglite! }, { logger: silentLogger() } as unknown as JobContext, { jobs: [] });
    await jobs.stop();
    return new Uint8Array(await (await db.pglite!.dumpDataDir("none")).arrayBuffer());
  } finally {
    await db.close();
  }
}
