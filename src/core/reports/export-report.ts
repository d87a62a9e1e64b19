// Report exports: CSV (UTF-8 with a BOM so Excel shows Vietnamese) and DHIS2's dataValueSets JSON.
// Both carry only indicator codes, labels, figures, the period and the area code.
import { stringify } from "csv-stringify/sync";
import type { ReportResult } from "./build-report.ts";
import { areaCode } from "./report-area.ts";
import type { ReportPeriod } from "./report-period.ts";

export const CSV_HEADER = ["code", "label", "value", "period", "area"] as const;

/** How a period is named in the CSV: the DHIS2 id for a month, quarter or year; "first/last" local dates for a custom one. */
export const periodId = (p: ReportPeriod): string => (p.kind === "custom" ? `${p.firstDay}/${p.lastDay}` : p.dhis2[0]!);

export interface ExportLabels {
  /** The indicator's label in the viewer's language. */
  indicator(code: string): string;
  /** The label of one breakdown value of an indicator. */
  breakdown(code: string, key: string): string;
}

/** One row per indicator (its total), then one per breakdown value with code `CODE.value`. */
export function reportCsv(result: ReportResult, labels: ExportLabels): string {
  const period = periodId(result.period);
  const area = areaCode(result.area);
  const rows: string[][] = [];
  for (const ind of result.sections.flatMap((s) => s.indicators)) {
    rows.push([ind.code, labels.indicator(ind.code), String(ind.total), period, area]);
    for (const b of ind.breakdown ?? [])
      rows.push([`${ind.code}.${b.key}`, `${labels.indicator(ind.code)}: ${labels.breakdown(ind.code, b.key)}`, String(b.value), period, area]);
  }
  return `\uFEFF${stringify([[...CSV_HEADER], ...rows], { record_delimiter: "\r\n" })}`;
}

export interface Dhis2DataValue {
  dataElement: string;
  period: string;
  orgUnit: string;
  value: string;
}

/**
 * DHIS2 dataValueSets for import with dataElementIdScheme=CODE and orgUnitIdScheme=CODE: one value per
 * indicator total and DHIS2 period (breakdowns stay in the CSV and the printable report).
 */
export function reportDhis2(results: ReadonlyArray<{ result: ReportResult; period: string }>): { dataValues: Dhis2DataValue[] } {
  return {
    dataValues: results.flatMap(({ result, period }) =>
      result.sections.flatMap((s) => s.indicators).map((ind) => ({ dataElement: ind.code, period, orgUnit: areaCode(result.area), value: String(ind.total) })),
    ),
  };
}
