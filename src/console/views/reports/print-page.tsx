// The printable periodic report ("Báo cáo định kỳ"): a plain A4 page with the national-style header,
// the area and period, every indicator in one table, then the charts. A print stylesheet hides the
// buttons; the print button works through a same-origin script (the CSP forbids inline scripts).
import { raw } from "hono/html";
import type { ReportResult } from "../../../core/reports/build-report.ts";
import { areaCode } from "../../../core/reports/report-area.ts";
import type { ConsoleVars } from "../../context.ts";
import { ConsoleMeta } from "../layout.tsx";
import type { DrawChart } from "./chart-svg.ts";
import type { ReportLabels } from "./report-labels.ts";
import { REPORT_STYLE, ReportSections } from "./report-sections.tsx";

const PRINT_STYLE = `
:root{--line:#999}*{box-sizing:border-box}
body{margin:0 auto;max-width:800px;padding:16px;font:15px/1.45 "Times New Roman","Noto Serif",serif;color:#000;background:#fff}
.masthead{display:flex;justify-content:space-between;gap:12px;text-align:center;font-size:.9rem}.masthead b{display:block}
h1{text-align:center;font-size:1.35rem;margin:18px 0 2px;letter-spacing:.02em}.subtitle{text-align:center;margin:0 0 12px;font-style:italic}
dl.meta{display:grid;grid-template-columns:auto 1fr;gap:2px 10px;margin:0 0 12px}dl.meta dt{font-weight:700}dl.meta dd{margin:0}
table{border-collapse:collapse;width:100%;margin:6px 0 14px}th,td{border:1px solid #555;padding:4px 6px;text-align:left;vertical-align:top}td.num{text-align:right;white-space:nowrap}
.card{border:0;padding:0;margin:0 0 10px}h2{font-size:1.1rem;margin:14px 0 6px}.muted{color:#333}
.tools{display:flex;gap:10px;margin:0 0 12px}.tools button,.tools a{font:inherit;padding:8px 14px;min-height:44px}
.sr-only{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0)}
.chart-box{max-width:400px}
footer{margin-top:18px;font-size:.85rem;border-top:1px solid #555;padding-top:6px}
@media print{.tools{display:none}body{padding:0;max-width:none}@page{size:A4;margin:16mm 14mm}section{break-inside:avoid}.chart-box{break-inside:avoid}}
`;

export interface PrintPageProps {
  v: Pick<ConsoleVars, "t" | "lang">;
  result: ReportResult;
  labels: ReportLabels;
  draw: DrawChart;
  areaName: string;
  madeAt: string;
  madeBy: string;
  backHref: string;
  scriptSrc: string;
}

export function PrintPage(p: PrintPageProps) {
  const { t, lang } = p.v;
  const period = p.labels.period(p.result.period);
  const title = `${t("reports:print.heading")} · ${p.areaName} · ${period}`;
  return (
    <html lang={lang}>
      <head>
        <ConsoleMeta />
        <title>{title}</title>
        <style>{raw(REPORT_STYLE + PRINT_STYLE)}</style>
        <script src={p.scriptSrc} defer></script>
      </head>
      <body>
        <p class="tools">
          <button type="button" data-print>
            {t("reports:print.printButton")}
          </button>
          <a href={p.backHref}>{t("reports:print.back")}</a>
        </p>
        <div class="masthead">
          <div>
            <b>{p.areaName}</b>
          </div>
          <div>
            <b>{t("reports:print.nation")}</b>
            <span>{t("reports:print.motto")}</span>
          </div>
        </div>
        <h1>
          {t("reports:print.heading")} {period.toUpperCase()}
        </h1>
        <p class="subtitle">{t("reports:print.subtitle")}</p>
        <dl class="meta">
          <dt>{t("reports:print.area")}</dt>
          <dd>
            {p.areaName} ({areaCode(p.result.area)})
          </dd>
          <dt>{t("reports:print.period")}</dt>
          <dd>{period}</dd>
          <dt>{t("reports:print.template")}</dt>
          <dd>{p.result.template.labels[lang]}</dd>
          <dt>{t("reports:print.madeAt")}</dt>
          <dd>{p.madeAt}</dd>
          <dt>{t("reports:print.madeBy")}</dt>
          <dd>{p.madeBy}</dd>
        </dl>
        <p class="muted">{p.result.template.description[lang]}</p>
        <table>
          <thead>
            <tr>
              <th scope="col">{t("reports:table.code")}</th>
              <th scope="col">{t("reports:table.item")}</th>
              <th scope="col">{t("reports:table.value")}</th>
            </tr>
          </thead>
          <tbody>
            {p.result.sections.flatMap((s) =>
              s.indicators.map((ind) => (
                <tr>
                  <td>{ind.code}</td>
                  <td>{ind.labels[lang]}</td>
                  <td class="num">{p.labels.value(ind.unit, ind.total)}</td>
                </tr>
              )),
            )}
          </tbody>
        </table>
        <ReportSections v={p.v} draw={p.draw} result={p.result} labels={p.labels} />
        <footer>{t("reports:print.footer")}</footer>
      </body>
    </html>
  );
}
