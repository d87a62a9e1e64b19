// Which listings answer a need in an area, nearest first: a service for the person's commune/ward,
// then one for the whole province (or elsewhere in it), then a national or online one.
import type { ServiceRecord } from "./ports.ts";

export const MAX_MATCHES = 3;

export interface AreaQuery {
  provinceCode: number | null;
  wardCode: number | null;
}

/** 0 = serves the ward, 1 = the whole province, 2 = another ward of the province, 3 = national; null = not here. */
export function distanceRank(s: Pick<ServiceRecord, "areas" | "locations">, q: AreaQuery): number | null {
  let best: number | null = null;
  const take = (r: number) => (best = best === null ? r : Math.min(best, r));
  for (const a of s.areas) {
    if (a.scope === "national") take(3);
    else if (q.provinceCode === null || a.provinceCode !== q.provinceCode) continue;
    else if (a.scope === "province") take(1);
    else if (a.wardCode !== null && a.wardCode === q.wardCode) take(0);
    else take(2);
  }
  return best;
}

/** Active listings taking referrals, ranked by distance, then most recently confirmed; at most `limit`. */
export function rankServices(candidates: readonly ServiceRecord[], q: AreaQuery, limit = MAX_MATCHES): ServiceRecord[] {
  return candidates
    .filter((s) => s.status === "active" && s.takingReferrals)
    .map((s) => ({ s, rank: distanceRank(s, q) }))
    .filter((x): x is { s: ServiceRecord; rank: number } => x.rank !== null)
    .sort((a, b) => a.rank - b.rank || b.s.lastConfirmedAt.getTime() - a.s.lastConfirmedAt.getTime() || a.s.code.localeCompare(b.s.code))
    .slice(0, limit)
    .map((x) => x.s);
}
