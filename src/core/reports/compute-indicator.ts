// One indicator's value over a list of facts (pure; build-report.ts fetches the facts once per report).
import type { ReportFact } from "./ports.ts";
import { DIMS, type DimName } from "./dims.ts";
import type { Indicator, IndicatorQuery } from "./template-schema.ts";

export interface ReportClub {
  id: string;
  name: string;
  kind: string;
}

export interface IndicatorValue {
  code: string;
  labels: Indicator["labels"];
  unit: Indicator["unit"];
  /** The figure for the whole area and period (0 when no fact counts). */
  total: number;
  /** By the query's `by` dimension, keys in natural order (facts without the dimension under "none"); null without `by`. */
  breakdown: Array<{ key: string; value: number }> | null;
  /** clubs_without_meeting: the clubs, by name. */
  clubs?: string[];
}

const dimOf = (fact: ReportFact, dim: DimName): string | null => {
  const v = fact.dims[DIMS[dim]];
  return v === null || v === undefined ? null : String(v);
};

function matches(fact: ReportFact, q: IndicatorQuery): boolean {
  if (fact.kind !== q.kind) return false;
  for (const [dim, want] of Object.entries(q.where ?? {}) as Array<[DimName, unknown]>) {
    const wanted = (Array.isArray(want) ? want : [want]).map(String);
    const have = dimOf(fact, dim);
    if (have === null || !wanted.includes(have)) return false;
  }
  return true;
}

/** Nearest-rank percentile: the smallest value with at least p of the values at or below it; 0 for none. */
export function percentile(values: number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil(p * sorted.length) - 1)]!;
}

/** Values of dim `of` whose facts sum above zero (a withdrawn mark cancels its fact). */
function positiveKeys(facts: ReportFact[], of: DimName): Set<string> {
  const sums = new Map<string, number>();
  for (const f of facts) {
    const key = dimOf(f, of);
    if (key !== null) sums.set(key, (sums.get(key) ?? 0) + f.value);
  }
  return new Set([...sums].filter(([, sum]) => sum > 0).map(([key]) => key));
}

function measure(facts: ReportFact[], q: IndicatorQuery): number {
  switch (q.measure) {
    case "sum":
      return round(facts.reduce((s, f) => s + f.value, 0));
    case "count":
      return facts.length;
    case "p50":
      return percentile(
        facts.map((f) => f.value),
        0.5,
      );
    case "p90":
      return percentile(
        facts.map((f) => f.value),
        0.9,
      );
    case "distinct":
      return positiveKeys(facts, q.of!).size;
    case "clubs_without_meeting":
      return 0; // computed with the clubs (below)
  }
}

/** Sums of ±1 stay whole; amounts keep at most two decimals (float noise never shows). */
const round = (n: number): number => Math.round(n * 100) / 100;

const natural = new Intl.Collator("en", { numeric: true });

export function computeIndicator(indicator: Indicator, allFacts: ReadonlyArray<ReportFact>, clubs: ReadonlyArray<ReportClub>): IndicatorValue {
  const q = indicator.query;
  const facts = allFacts.filter((f) => matches(f, q));
  const base = { code: indicator.code, labels: indicator.labels, unit: indicator.unit };
  if (q.measure === "clubs_without_meeting") {
    const kinds = q.where?.clubKind === undefined ? null : (Array.isArray(q.where.clubKind) ? q.where.clubKind : [q.where.clubKind]).map(String);
    const met = positiveKeys(facts, "club");
    const quiet = clubs.filter((c) => (kinds === null || kinds.includes(c.kind)) && !met.has(c.id));
    return { ...base, total: quiet.length, breakdown: null, clubs: quiet.map((c) => c.name).sort(natural.compare) };
  }
  if (!q.by) return { ...base, total: measure(facts, q), breakdown: null };
  const groups = new Map<string, ReportFact[]>();
  for (const f of facts) {
    const key = dimOf(f, q.by) ?? "none";
    groups.set(key, [...(groups.get(key) ?? []), f]);
  }
  const breakdown = [...groups.keys()].sort(natural.compare).map((key) => ({ key, value: measure(groups.get(key)!, q) }));
  return { ...base, total: measure(facts, q), breakdown };
}
