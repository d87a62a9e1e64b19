// A migrated PGlite data directory (with the pg-boss schema) that test apps start from, so a test does not
// pay for initdb, every migration and the pg-boss schema again (about 4 s of CPU per app).
// - The tarball is cached in the OS temp folder under a key made of the migrations (names and checksums)
//   and the installed PGlite and pg-boss versions: a changed or added migration, or an upgrade, builds a
//   new template; an outdated one is never picked up.
// - openDatabase still checks and applies the migrations on top of the template, so even a wrong template
//   cannot silently give a test an old schema (an edited migration fails loudly).
// - vitest's globalSetup (test/helpers/global-setup.ts) builds it once before the workers start; outside
//   vitest (scripts, benchmarks) the first caller builds it.
import { createHash, randomBytes } from "node:crypto";
import fs from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import type { JobContext } from "../../src/jobs/job.ts";
import { startJobs } from "../../src/jobs/start-jobs.ts";
import { readMigrations } from "../../src/store/migrate.ts";
import { openDatabase } from "../../src/store/open-database.ts";
import { silentLogger } from "../../src/shared/logging/logger.ts";

const CACHE_DIR = path.join(os.tmpdir(), "kna-test-templates");

/** The template's key: what the migrated database depends on. */
export function templateKey(): string {
  const hash = createHash("sha256");
  for (const m of readMigrations()) hash.update(`${m.name}\0${m.checksum}\n`);
  for (const pkg of ["@electric-sql/pglite", "pg-boss"]) hash.update(`${pkg}@${installedVersion(pkg)}\n`);
  return hash.digest("hex").slice(0, 16);
}

export function templatePath(key = templateKey()): string {
  return path.join(CACHE_DIR, `pglite-${key}.tar`);
}

/** Builds the template unless a current one is cached; returns its path. Safe to call from several processes. */
export async function ensurePgliteTemplate(): Promise<string> {
  const file = templatePath();
  if (fs.existsSync(file)) return file;
  const db = await openDatabase({ kind: "pglite" });
  try {
    // The app's own pg-boss set-up with no jobs: creates the schema exactly as startApp would.
    const jobs = await startJobs({ kind: "pglite", pglite: db.pglite! }, { logger: silentLogger() } as unknown as JobContext, { jobs: [] });
    await jobs.stop();
    const tarball = await db.pglite!.dumpDataDir("none");
    fs.mkdirSync(CACHE_DIR, { recursive: true });
    // Written under a unique name, then renamed: a reader never sees half a file, and racing builders agree.
    const partial = `${file}.${process.pid}.${randomBytes(4).toString("hex")}`;
    fs.writeFileSync(partial, new Uint8Array(await tarball.arrayBuffer()));
    fs.renameSync(partial, file);
  } finally {
    await db.close();
  }
  return file;
}

let loaded: Promise<Blob> | undefined;

/** The template as a Blob for openDatabase / startApp (`pgliteTemplate`); read once per process. */
export function pgliteTemplate(): Promise<Blob> {
  loaded ??= ensurePgliteTemplate().then((file) => fs.openAsBlob(file));
  return loaded;
}

function installedVersion(pkg: string): string {
  // Some packages do not export their package.json: walk up from the entry point instead.
  let dir = path.dirname(createRequire(import.meta.url).resolve(pkg));
  for (;;) {
    const candidate = path.join(dir, "package.json");
    if (fs.existsSync(candidate)) {
      const json = JSON.parse(fs.readFileSync(candidate, "utf8")) as { name?: string; version?: string };
      if (json.name === pkg && json.version) return json.version;
    }
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`cannot find the installed version of ${pkg}`);
    dir = parent;
  }
}
