// Report periods in Vietnam's local time (Asia/Ho_Chi_Minh is UTC+7 all year, no daylight saving):
// a month, a quarter, a year or custom whole days. `from` is inclusive, `to` exclusive (UTC instants).
import { AppError } from "../../shared/errors/app-error.ts";

export const PERIOD_KINDS = ["month", "quarter", "year", "custom"] as const;
export type PeriodKind = (typeof PERIOD_KINDS)[number];

const OFFSET_MS = 7 * 3_600_000;

export interface ReportPeriod {
  kind: PeriodKind;
  from: Date;
  to: Date;
  /** Local dates, inclusive: "2026-07-01" … "2026-09-30". */
  firstDay: string;
  lastDay: string;
  /** DHIS2 period ids covering it: one for a month/quarter/year, one per month for a month-aligned custom period, none otherwise. */
  dhis2: string[];
}

export interface PeriodInput {
  kind: PeriodKind;
  year?: number;
  month?: number;
  quarter?: number;
  /** Custom: local dates YYYY-MM-DD, both inclusive. */
  from?: string;
  to?: string;
}

/** Midnight local time of a local date, as a UTC instant. */
const localMidnight = (y: number, m: number, d: number): Date => new Date(Date.UTC(y, m - 1, d) - OFFSET_MS);
const localDay = (at: Date): string => new Date(at.getTime() + OFFSET_MS).toISOString().slice(0, 10);
const pad = (n: number): string => String(n).padStart(2, "0");

function parseDay(text: string | undefined): { y: number; m: number; d: number } | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text ?? "");
  if (!match) return null;
  const [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const check = new Date(Date.UTC(y, m - 1, d));
  return check.getUTCMonth() === m - 1 && check.getUTCDate() === d ? { y, m, d } : null;
}

function monthsBetween(from: Date, to: Date): string[] | null {
  const start = new Date(from.getTime() + OFFSET_MS);
  const end = new Date(to.getTime() + OFFSET_MS);
  if (start.getUTCDate() !== 1 || end.getUTCDate() !== 1) return null;
  const ids: string[] = [];
  for (
    let y = start.getUTCFullYear(), m = start.getUTCMonth() + 1;
    y * 12 + m < end.getUTCFullYear() * 12 + end.getUTCMonth() + 1;
    m === 12 ? ((m = 1), (y += 1)) : (m += 1)
  )
    ids.push(`${y}${pad(m)}`);
  return ids;
}

/**
 * The period asked for. Throws AppError invalid_input with details.reason: "period" (a missing or
 * impossible value) or "end_before_start" (custom, to < from).
 */
export function reportPeriod(input: PeriodInput): ReportPeriod {
  const bad = (reason: string) => new AppError("invalid_input", `report period: ${reason}`, { details: { reason } });
  const year = input.year ?? NaN;
  const validYear = Number.isInteger(year) && year >= 2000 && year <= 2100;
  let from: Date;
  let to: Date;
  let dhis2: string[];
  switch (input.kind) {
    case "month": {
      const m = input.month ?? NaN;
      if (!validYear || !Number.isInteger(m) || m < 1 || m > 12) throw bad("period");
      [from, to, dhis2] = [localMidnight(year, m, 1), localMidnight(year, m + 1, 1), [`${year}${pad(m)}`]];
      break;
    }
    case "quarter": {
      const q = input.quarter ?? NaN;
      if (!validYear || !Number.isInteger(q) || q < 1 || q > 4) throw bad("period");
      [from, to, dhis2] = [localMidnight(year, q * 3 - 2, 1), localMidnight(year, q * 3 + 1, 1), [`${year}Q${q}`]];
      break;
    }
    case "year":
      if (!validYear) throw bad("period");
      [from, to, dhis2] = [localMidnight(year, 1, 1), localMidnight(year + 1, 1, 1), [String(year)]];
      break;
    case "custom": {
      const a = parseDay(input.from);
      const b = parseDay(input.to);
      if (!a || !b) throw bad("period");
      from = localMidnight(a.y, a.m, a.d);
      to = localMidnight(b.y, b.m, b.d + 1);
      if (to <= from) throw bad("end_before_start");
      if (to.getTime() - from.getTime() > 5 * 366 * 86_400_000) throw bad("period");
      dhis2 = monthsBetween(from, to) ?? [];
      break;
    }
  }
  return { kind: input.kind, from, to, firstDay: localDay(from), lastDay: localDay(new Date(to.getTime() - 1)), dhis2 };
}

/** The DHIS2 monthly period of a month id as its own ReportPeriod (for month-by-month exports). */
export function monthPeriod(dhis2Month: string): ReportPeriod {
  return reportPeriod({ kind: "month", year: Number(dhis2Month.slice(0, 4)), month: Number(dhis2Month.slice(4)) });
}
