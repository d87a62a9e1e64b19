// Words and number formats for a computed report in the viewer's language (page, print and CSV).
import type { ReportResult } from "../../../core/reports/build-report.ts";
import { DIM_VALUE_LABELS } from "../../../core/reports/dims.ts";
import type { ExportLabels } from "../../../core/reports/export-report.ts";
import type { ReportPeriod } from "../../../core/reports/report-period.ts";
import type { Indicator } from "../../../core/reports/template-schema.ts";
import type { Translator } from "../../../shared/i18n/index.ts";
import type { ConsoleLang } from "../../context.ts";

export interface ReportLabels extends ExportLabels {
  /** A figure as people read it: counts grouped, seconds as minutes, amounts in đồng. */
  value(unit: Indicator["unit"], n: number): string;
  period(p: ReportPeriod): string;
}

const dmy = (day: string): string => day.split("-").reverse().join("/");

export function reportLabels(translator: Translator, lang: ConsoleLang, result: Pick<ReportResult, "template">): ReportLabels {
  const t = (key: string, vars?: Record<string, unknown>) => translator.t(lang, key, vars);
  const indicators = new Map(result.template.sections.flatMap((s) => s.indicators).map((i) => [i.code, i]));
  const number = new Intl.NumberFormat(lang === "vi" ? "vi-VN" : "en-GB", { maximumFractionDigits: 1 });
  return {
    indicator: (code) => indicators.get(code)?.labels[lang] ?? code,
    breakdown(code, key) {
      if (key === "none") return t("reports:none");
      const by = indicators.get(code)?.query.by;
      const labelKey = by ? DIM_VALUE_LABELS[by]?.(key) : undefined;
      return labelKey && typeof translator.raw(lang, labelKey) === "string" ? t(labelKey) : key;
    },
    value(unit, n) {
      if (unit === "seconds") return t("reports:units.seconds", { minutes: number.format(n / 60) });
      if (unit === "vnd") return t("reports:units.vnd", { amount: number.format(Math.round(n)) });
      return number.format(n);
    },
    period(p) {
      const [year, month] = p.firstDay.split("-").map(Number) as [number, number];
      return t(`reports:periodLabel.${p.kind}`, { year, month, quarter: Math.ceil(month / 3), from: dmy(p.firstDay), to: dmy(p.lastDay) });
    },
  };
}
