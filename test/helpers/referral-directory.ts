// Test helpers for referrals: load the sample directory (scripts/sample-directory.csv) through the same
// import the console and `npm run seed:sample` use, and a clock set to a chosen Vietnam local time.
import fs from "node:fs";
import { loadAdminUnits } from "../../src/core/areas/admin-units.ts";
import { importDirectoryCsv } from "../../src/core/referral/directory-csv.ts";
import type { Stores } from "../../src/core/ports.ts";
import { TestClock } from "../console/harness.ts";

export const SAMPLE_CSV = new URL("../../scripts/sample-directory.csv", import.meta.url);

export async function loadSampleDirectory(stores: Pick<Stores, "directory">): Promise<void> {
  const result = importDirectoryCsv(fs.readFileSync(SAMPLE_CSV), "auto", { areas: loadAdminUnits(), now: new Date(), isSample: true, allowedProvinces: null });
  if (!result.ok) throw new Error(`sample directory does not validate: ${JSON.stringify(result.problems)}`);
  await stores.directory.importServices(result.inputs);
}

/** A TestClock showing `hour`:00 in Viet Nam (UTC+7) on a fixed day. */
export function clockAtLocalHour(hour: number): TestClock {
  const clock = new TestClock();
  clock.offsetMs = Date.UTC(2026, 11, 1, hour - 7) - Date.now();
  return clock;
}

/** Moves a TestClock to `hour`:00 Viet Nam time, `days` days later. */
export function advanceToLocalHour(clock: TestClock, days: number, hour: number): void {
  const now = clock.now();
  const local = new Date(now.getTime() + 7 * 3_600_000);
  const target = Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate() + days, hour - 7);
  clock.advance(target - now.getTime());
}
