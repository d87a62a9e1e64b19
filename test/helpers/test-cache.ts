// A small on-disk cache for slow, deterministic test inputs (a migrated database template, the SQL the
// Prisma CLI derives from the schema). Entries live in the OS temp folder under a key that names
// everything they depend on, so a changed input gets a new entry and a stale one is never read.
import { createHash, randomBytes } from "node:crypto";
import fs from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";

export const TEST_CACHE_DIR = path.join(os.tmpdir(), "kna-test-cache");

/** A short hex key over the given parts. */
export function cacheKey(parts: string[]): string {
  const hash = createHash("sha256");
  for (const part of parts) hash.update(`${part}\0`);
  return hash.digest("hex").slice(0, 16);
}

/** Returns the cached file `name`, producing it first when missing. Safe when several processes race. */
export async function cachedFile(name: string, produce: () => Promise<Uint8Array | string>): Promise<string> {
  const file = path.join(TEST_CACHE_DIR, name);
  if (fs.existsSync(file)) return file;
  const content = await produce();
  fs.mkdirSync(TEST_CACHE_DIR, { recursive: true });
  // Written under a unique name, then renamed: a reader never sees half a file, and racing writers agree.
  const partial = `${file}.${process.pid}.${randomBytes(4).toString("hex")}`;
  fs.writeFileSync(partial, content);
  fs.renameSync(partial, file);
  return file;
}

/** The version of an installed package: its package.json, or (when not exported) found above its entry point. */
export function installedVersion(pkg: string): string {
  const require = createRequire(import.meta.url);
  try {
    return (require(`${pkg}/package.json`) as { version: string }).version;
  } catch {
    // Not exported: walk up from the entry point.
  }
  let dir = path.dirname(require.resolve(pkg));
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
