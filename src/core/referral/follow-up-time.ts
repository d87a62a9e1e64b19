// When a follow-up question may be asked: N days after acceptance, never at night in Vietnam
// (UTC+7 all year, no daylight saving). A time inside the quiet hours moves to the next morning.
export const LOCAL_OFFSET_HOURS = 7;
export const QUIET_HOURS = { start: 21, end: 7 } as const;
/** "Not yet" asks once more this many days later; no answer to the last question → expired. */
export const RETRY_AFTER_DAYS = 3;
export const MAX_FOLLOW_UPS = 2;
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

export function isQuiet(at: Date, quiet: { start: number; end: number } = QUIET_HOURS): boolean {
  const local = (at.getUTCHours() + LOCAL_OFFSET_HOURS) % 24;
  return quiet.start > quiet.end ? local >= quiet.start || local < quiet.end : local >= quiet.start && local < quiet.end;
}

/** `at`, or the end of the quiet hours it falls in (local `end`:00). */
export function outsideQuietHours(at: Date, quiet: { start: number; end: number } = QUIET_HOURS): Date {
  if (!isQuiet(at, quiet)) return at;
  const local = new Date(at.getTime() + LOCAL_OFFSET_HOURS * HOUR);
  const morning = Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate(), quiet.end) - LOCAL_OFFSET_HOURS * HOUR;
  return new Date(morning > at.getTime() ? morning : morning + DAY);
}

export function followUpAt(from: Date, days: number, quiet: { start: number; end: number } = QUIET_HOURS): Date {
  return outsideQuietHours(new Date(from.getTime() + days * DAY), quiet);
}
