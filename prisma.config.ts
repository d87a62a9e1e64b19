// Prisma CLI configuration: the JS engine with a driver adapter, so no native engine is downloaded.
// DATABASE_URL set → PostgreSQL through @prisma/adapter-pg; unset → the embedded PGlite in DATA_DIR.
import path from "node:path";
import { defineConfig } from "prisma/config";
import { createCliAdapter } from "./src/store/cli-adapter.ts";

// The schema keeps a `url` line so the CLI stays offline; its value is never used with an adapter.
process.env.PRISMA_SCHEMA_URL ??= "postgresql://unused@localhost/unused";

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: path.join("prisma", "schema.prisma"),
  migrations: { path: path.join("prisma", "migrations") },
  adapter: () => createCliAdapter(process.env),
});
