// Clubs that have not met: active clubs with no meeting recorded as held in the current quarter (Vietnam
// time), for supervisors (their provinces) and admins (everywhere); and the weekly digest of that list to
// each supervisor with a linked Telegram, once per ISO week (a ClubDigest row reserved before the send; a
// failed send drops it so the next run tries again). Never in the quiet hours.
import { AppError } from "../../shared/errors/app-error.ts";
import type { Translator } from "../../shared/i18n/index.ts";
import type { Logger } from "../../shared/logging/logger.ts";
import type { AdminUnits } from "../areas/admin-units.ts";
import { BASE } from "../deps.ts";
import type { Clock, StaffMessenger, StaffRecord } from "../ports.ts";
import type { AttendanceStore, QuietClub } from "./attendance-ports.ts";
import { isoWeekOf, isQuiet, quarterOf } from "./attendance-time.ts";

/** A digest lists at most this many clubs; the console page has them all. */
const DIGEST_MAX_LINES = 30;

export const canSeeQuietClubs = (staff: StaffRecord): boolean => staff.role === "admin" || staff.role === "supervisor";

export async function listQuietClubs(
  d: { stores: { attendance: AttendanceStore }; clock: Clock },
  staff: StaffRecord,
): Promise<{ quarter: number; year: number; clubs: QuietClub[] }> {
  if (!canSeeQuietClubs(staff)) throw new AppError("forbidden", "quiet clubs: admins and supervisors only");
  const q = quarterOf(d.clock.now());
  const provinceCodes = staff.role === "admin" ? null : staff.provinceCodes;
  return { quarter: q.quarter, year: q.year, clubs: await d.stores.attendance.quietClubs({ provinceCodes, from: q.from, to: q.to }) };
}

export function areaLabel(areas: AdminUnits, c: Pick<QuietClub, "provinceCode" | "wardCode">): string {
  const province = areas.province(c.provinceCode)?.name ?? String(c.provinceCode);
  const ward = c.wardCode !== null ? areas.ward(c.wardCode)?.name : undefined;
  return ward ? `${ward}, ${province}` : province;
}

export interface DigestDeps {
  stores: { attendance: AttendanceStore };
  messenger: StaffMessenger;
  translator: Translator;
  areas: AdminUnits;
  clock: Clock;
  logger: Logger;
  origin(): string;
}

export async function sendQuietClubsDigest(d: DigestDeps): Promise<{ sent: number; skipped: number; failed: number }> {
  const counts = { sent: 0, skipped: 0, failed: 0 };
  const now = d.clock.now();
  if (isQuiet(now)) return counts;
  const week = isoWeekOf(now);
  const q = quarterOf(now);
  for (const r of await d.stores.attendance.digestRecipients()) {
    const clubs = await d.stores.attendance.quietClubs({ provinceCodes: r.staff.provinceCodes, from: q.from, to: q.to });
    if (clubs.length === 0) continue;
    const id = await d.stores.attendance.claimDigest({ staffId: r.staff.id, week, now });
    if (!id) {
      counts.skipped += 1;
      continue;
    }
    const locale = r.staff.locale === "en" ? "en" : "vi";
    const status = await d.messenger.send(r.telegramChatId, digestText(d, locale, clubs, q), locale);
    if (status === "retryable" || status === "permanent") {
      await d.stores.attendance.dropDigest(id);
      counts.failed += 1;
    } else {
      await d.stores.attendance.finishDigest(id, status);
      counts[status === "sent" ? "sent" : "skipped"] += 1;
    }
  }
  d.logger.info({ week, ...counts }, "quiet clubs digest");
  return counts;
}

function digestText(d: DigestDeps, locale: "vi" | "en", clubs: QuietClub[], q: { quarter: number; year: number }): string {
  const t = (key: string, vars?: Record<string, unknown>) => d.translator.t(locale, `attendance:${key}`, vars);
  const lines = clubs.slice(0, DIGEST_MAX_LINES).map((c) => {
    const last = c.lastHeldAt ? t("quiet.lastMet", { date: localDate(c.lastHeldAt, locale) }) : t("quiet.neverMet");
    return `• ${c.name} (${areaLabel(d.areas, c)}): ${last}`;
  });
  const more = clubs.length > DIGEST_MAX_LINES ? [t("digest.more", { count: clubs.length - DIGEST_MAX_LINES })] : [];
  const url = `${d.origin().replace(/\/+$/, "")}${BASE}/quiet-clubs`;
  return [t("digest.title", { count: clubs.length, quarter: q.quarter, year: q.year }), ...lines, ...more, t("digest.link", { url })].join("\n");
}

export const localDate = (at: Date, lang: string): string =>
  at.toLocaleDateString(lang === "vi" ? "vi-VN" : "en-GB", { timeZone: "Asia/Ho_Chi_Minh", dateStyle: "short" });
