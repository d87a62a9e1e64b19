// `npm run db:migrate`: applies pending migrations to DATABASE_URL, or to the embedded database in
// DATA_DIR, without starting the app. (Stop the app first when using the embedded database: one
// process at a time can open it.)
import { parseEnv } from "../config/env.ts";
import { openDatabase, postgresTargetOf } from "./open-database.ts";

const env = parseEnv(process.env);
const db = await openDatabase(postgresTargetOf(env) ?? { kind: "pglite", dataDir: env.DATA_DIR });
console.log(db.migrated.length > 0 ? `applied: ${db.migrated.join(", ")}` : "database is up to date");
await db.close();
