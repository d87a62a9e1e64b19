// The computed report, section by section: each indicator's figure, its breakdown as a table, and a
// server-drawn chart (one per breakdown, one per group of plain figures of the same unit in a section).
import { raw } from "hono/html";
import type { ReportResult } from "../../../core/reports/build-report.ts";
import type { IndicatorValue } from "../../../core/reports/compute-indicator.ts";
import type { ConsoleVars } from "../../context.ts";
import type { DrawChart } from "./chart-svg.ts";
import type { ReportLabels } from "./report-labels.ts";

type Section = ReportResult["sections"][number];

type Ctx = { v: Pick<ConsoleVars, "t" | "lang">; draw: DrawChart };

function Chart(p: Ctx & { title: string; bars: Array<{ label: string; value: number }>; format: (n: number) => string }) {
  const items = p.bars.map((b) => `${b.label}: ${p.format(b.value)}`).join("; ");
  const svg = p.draw({ title: p.title, description: p.v.t("reports:chartDescription", { items }), bars: p.bars, format: p.format });
  return <figure class="chart-box">{raw(svg)}</figure>;
}

function IndicatorCard(p: Ctx & { ind: IndicatorValue; labels: ReportLabels }) {
  const { ind, labels, v } = p;
  const label = ind.labels[v.lang];
  const format = (n: number) => labels.value(ind.unit, n);
  const bars = (ind.breakdown ?? []).map((b) => ({ label: labels.breakdown(ind.code, b.key), value: b.value }));
  return (
    <div class="indicator" data-code={ind.code}>
      <p class="figure">
        <span class="label">{label}</span> <strong data-value={String(ind.total)}>{format(ind.total)}</strong>
      </p>
      {ind.breakdown ? (
        bars.length === 0 ? (
          <p class="muted">{v.t("reports:noData")}</p>
        ) : (
          <>
            <Chart v={v} draw={p.draw} title={label} bars={bars} format={format} />
            <table>
              <caption class="sr-only">{label}</caption>
              <tbody>
                {bars.map((b) => (
                  <tr>
                    <th scope="row">{b.label}</th>
                    <td>{format(b.value)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </>
        )
      ) : null}
      {ind.clubs && ind.clubs.length > 0 ? (
        <p class="muted">
          {v.t("reports:clubsNotMet")} {ind.clubs.join(", ")}
        </p>
      ) : null}
    </div>
  );
}

/** Plain figures of one unit in a section, charted together when there are two or more. */
function SectionChart(p: Ctx & { section: Section; labels: ReportLabels }) {
  const plain = p.section.indicators.filter((i) => i.breakdown === null);
  const units = [...new Set(plain.map((i) => i.unit))];
  return (
    <>
      {units.map((unit) => {
        const group = plain.filter((i) => i.unit === unit);
        if (group.length < 2) return null;
        const bars = group.map((i) => ({ label: i.labels[p.v.lang], value: i.total }));
        return <Chart v={p.v} draw={p.draw} title={p.section.labels[p.v.lang]} bars={bars} format={(n) => p.labels.value(unit, n)} />;
      })}
    </>
  );
}

export function ReportSections(p: Ctx & { result: ReportResult; labels: ReportLabels }) {
  return (
    <>
      {p.result.sections.map((section) => (
        <section class="card report-section" aria-labelledby={`s-${section.code}`}>
          <h2 id={`s-${section.code}`}>{section.labels[p.v.lang]}</h2>
          <SectionChart v={p.v} draw={p.draw} section={section} labels={p.labels} />
          {section.indicators.map((ind) => (
            <IndicatorCard v={p.v} draw={p.draw} ind={ind} labels={p.labels} />
          ))}
        </section>
      ))}
    </>
  );
}

export const REPORT_STYLE = `
.chart-box{margin:8px 0;max-width:min(100%,520px)}.chart-box svg{display:block;max-width:100%;height:auto}
.indicator{border-top:1px solid var(--line,#ccc);padding:6px 0}.indicator:first-of-type{border-top:0}
.figure{display:flex;justify-content:space-between;gap:10px;margin:4px 0}.figure strong{font-size:1.15rem;white-space:nowrap}
.report-form .row>*{flex:1 1 140px}.exports{display:flex;flex-wrap:wrap;gap:8px}
`;
