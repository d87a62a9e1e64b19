import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts", "test/**/*.test.tsx"],
    // Builds the migrated database template test apps start from (test/helpers/pglite-template.ts).
    globalSetup: ["test/helpers/global-setup.ts"],
    // Generous, so a busy machine is slow rather than red; tests wait for events (test/helpers/wait.ts),
    // never for time, so a passing run never comes near these.
    testTimeout: 120_000,
    hookTimeout: 120_000,
    expect: { poll: { timeout: 30_000 } },
    // PGlite holds ~300 MB per open database: keep the number of parallel files modest on 2 cores.
    maxWorkers: 2,
    pool: "forks",
    // Workers are reused across files: the app's modules load once per worker, not once per file (about
    // 40% less CPU for the app-starting files). Test files own their state: start and stop what they use
    // in hooks, keep no state in shared modules, and never rely on being first in a process.
    isolate: false,
  },
});
