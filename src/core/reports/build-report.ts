// Computes a template's indicators for one area and period: one fact query for the whole report,
// plus the area's clubs when an indicator counts clubs that did not meet.
import type { Stores } from "../ports.ts";
import type { FactKind } from "./ports.ts";
import { computeIndicator, type IndicatorValue, type ReportClub } from "./compute-indicator.ts";
import type { ReportArea } from "./report-area.ts";
import type { ReportPeriod } from "./report-period.ts";
import type { ReportTemplate } from "./template-schema.ts";

export interface ReportResult {
  template: ReportTemplate;
  area: ReportArea;
  period: ReportPeriod;
  sections: Array<{ code: string; labels: ReportTemplate["labels"]; indicators: IndicatorValue[] }>;
}

async function clubsOf(stores: Pick<Stores, "clubs">, area: ReportArea, period: ReportPeriod): Promise<ReportClub[]> {
  const all = await stores.clubs.listClubs({ provinceCodes: area.kind === "all" ? null : [area.provinceCode] });
  // Clubs active now and created before the period ended (the store keeps no history of deactivation).
  return all
    .filter((c) => c.active && c.createdAt < period.to && (area.kind !== "ward" || c.wardCode === area.wardCode))
    .map((c) => ({ id: c.id, name: c.name, kind: c.kind }));
}

export async function buildReport(
  d: { stores: Pick<Stores, "facts" | "clubs"> },
  o: { template: ReportTemplate; area: ReportArea; period: ReportPeriod },
): Promise<ReportResult> {
  const indicators = o.template.sections.flatMap((s) => s.indicators);
  const kinds = [...new Set(indicators.map((i) => i.query.kind))] as FactKind[];
  const facts = await d.stores.facts.list({
    kinds,
    from: o.period.from,
    to: o.period.to,
    ...(o.area.kind === "all" ? {} : { provinceCodes: [o.area.provinceCode] }),
    ...(o.area.kind === "ward" ? { wardCodes: [o.area.wardCode] } : {}),
  });
  const clubs = indicators.some((i) => i.query.measure === "clubs_without_meeting") ? await clubsOf(d.stores, o.area, o.period) : [];
  return {
    ...o,
    sections: o.template.sections.map((s) => ({ code: s.code, labels: s.labels, indicators: s.indicators.map((i) => computeIndicator(i, facts, clubs)) })),
  };
}
