// `npm run seed:sample`: loads the small demo directory in scripts/sample-directory.csv into DATABASE_URL,
// or into the embedded database in DATA_DIR (stop the app first). Every listing is marked as sample
// data ([MẪU] in its names, "SAMPLE DATA" in the console). Running it again updates the same codes.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseEnv } from "../config/env.ts";
import { loadAdminUnits } from "../core/areas/admin-units.ts";
import { importDirectoryCsv } from "../core/referral/directory-csv.ts";
import { createDirectoryStore } from "./directory-store.ts";
import { openDatabase, postgresTargetOf } from "./open-database.ts";

export const SAMPLE_CSV = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../scripts/sample-directory.csv");

const env = parseEnv(process.env);
const result = importDirectoryCsv(fs.readFileSync(SAMPLE_CSV), "auto", { areas: loadAdminUnits(), now: new Date(), isSample: true, allowedProvinces: null });
if (!result.ok) {
  console.error("the sample directory does not validate:", result.problems);
  process.exit(1);
}
const db = await openDatabase(postgresTargetOf(env) ?? { kind: "pglite", dataDir: env.DATA_DIR });
const counts = await createDirectoryStore(db.prisma).importServices(result.inputs);
console.log(`sample directory loaded: ${counts.created} new, ${counts.updated} updated (marked as sample data)`);
await db.close();
