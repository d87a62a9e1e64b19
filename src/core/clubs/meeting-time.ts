// Meeting times: entered and shown in Vietnam time (UTC+7 all year), stored in UTC.
import { LOCAL_OFFSET_HOURS } from "../referral/follow-up-time.ts";

const HOUR = 3_600_000;
export const MEETING_TIME_ZONE = "Asia/Ho_Chi_Minh";

/** "2026-12-05" + "18:30" (local) → the UTC instant; null for an impossible date or time (31 February, 25:00). */
export function parseLocalDateTime(date: string, time: string): Date | null {
  const d = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  const t = /^(\d{2}):(\d{2})$/.exec(time);
  if (!d || !t) return null;
  const [y, mo, da, h, mi] = [Number(d[1]), Number(d[2]), Number(d[3]), Number(t[1]), Number(t[2])];
  if (h > 23 || mi > 59) return null;
  const local = new Date(Date.UTC(y, mo - 1, da, h, mi));
  if (local.getUTCFullYear() !== y || local.getUTCMonth() !== mo - 1 || local.getUTCDate() !== da) return null;
  return new Date(local.getTime() - LOCAL_OFFSET_HOURS * HOUR);
}

/** The local date and time fields of an instant, for prefilling a form. */
export function toLocalFields(at: Date): { date: string; time: string } {
  const iso = new Date(at.getTime() + LOCAL_OFFSET_HOURS * HOUR).toISOString();
  return { date: iso.slice(0, 10), time: iso.slice(11, 16) };
}

/** "18:30, Thứ Bảy 05/12/2026" or "18:30, Saturday 05/12/2026", in Vietnam time. */
export function formatMeetingTime(at: Date, locale: string): string {
  const lang = locale === "en" ? "en-GB" : "vi-VN";
  const opts = { timeZone: MEETING_TIME_ZONE } as const;
  const weekday = new Intl.DateTimeFormat(lang, { ...opts, weekday: "long" }).format(at);
  const { date, time } = toLocalFields(at);
  const [y, m, d] = date.split("-");
  return `${time}, ${weekday.charAt(0).toUpperCase()}${weekday.slice(1)} ${d}/${m}/${y}`;
}
