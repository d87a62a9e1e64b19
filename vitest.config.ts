import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts", "test/**/*.test.tsx"],
    // Builds the migrated database template test apps start from (test/helpers/pglite-template.ts).
    globalSetup: ["test/helpers/global-setup.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // PGlite holds ~300 MB per open database: keep the number of parallel files modest on 2 cores.
    maxWorkers: 2,
    pool: "forks",
  },
});
