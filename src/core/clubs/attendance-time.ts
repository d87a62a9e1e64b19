// Calendar rules in Vietnam time (UTC+7 all year): the current quarter, the ISO week of the digest, the
// local day of a meeting. Quiet hours are the referral follow-ups' (21:00–07:00 local).
import { LOCAL_OFFSET_HOURS } from "../referral/follow-up-time.ts";

export { isQuiet } from "../referral/follow-up-time.ts";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const OFFSET = LOCAL_OFFSET_HOURS * HOUR;

/** The quarter `at` falls in, Vietnam time: [from, to) as UTC instants, and a label like "Q4 2026". */
export function quarterOf(at: Date): { from: Date; to: Date; quarter: number; year: number } {
  const local = new Date(at.getTime() + OFFSET);
  const year = local.getUTCFullYear();
  const q = Math.floor(local.getUTCMonth() / 3);
  return {
    from: new Date(Date.UTC(year, q * 3, 1) - OFFSET),
    to: new Date(Date.UTC(year, q * 3 + 3, 1) - OFFSET),
    quarter: q + 1,
    year,
  };
}

/** The ISO 8601 week of `at`, Vietnam time, e.g. "2026-W49". */
export function isoWeekOf(at: Date): string {
  const local = new Date(at.getTime() + OFFSET);
  const day = new Date(Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate()));
  const weekday = day.getUTCDay() || 7;
  day.setUTCDate(day.getUTCDate() + 4 - weekday); // the week's Thursday decides its year
  const yearStart = Date.UTC(day.getUTCFullYear(), 0, 1);
  const week = Math.ceil(((day.getTime() - yearStart) / DAY + 1) / 7);
  return `${day.getUTCFullYear()}-W${String(week).padStart(2, "0")}`;
}

/** The start of the local (Vietnam) day `at` falls in, as a UTC instant. */
export function localDayStart(at: Date): Date {
  const local = at.getTime() + OFFSET;
  return new Date(local - (local % DAY) - OFFSET);
}
