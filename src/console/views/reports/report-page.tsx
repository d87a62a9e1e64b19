// The reports page: the choice of template, area and period (a GET form, so a report has a link), the
// computed sections with charts, and the exports. A bad period re-shows the form with a kind message.
import { raw } from "hono/html";
import type { Province } from "../../../core/areas/admin-units.ts";
import type { ReportResult } from "../../../core/reports/build-report.ts";
import { PERIOD_KINDS } from "../../../core/reports/report-period.ts";
import type { ReportTemplate } from "../../../core/reports/template-schema.ts";
import { BASE, type ConsoleVars } from "../../context.ts";
import { Layout } from "../layout.tsx";
import type { DrawChart } from "./chart-svg.ts";
import type { ReportLabels } from "./report-labels.ts";
import { REPORT_STYLE, ReportSections } from "./report-sections.tsx";

type V = Pick<ConsoleVars, "t" | "lang" | "csrf" | "staff">;
export const REPORTS = `${BASE}/reports`;

export interface ReportForm {
  template: string;
  province: string;
  ward: string;
  kind: string;
  year: string;
  month: string;
  quarter: string;
  from: string;
  to: string;
}

export const formQuery = (f: ReportForm): string => new URLSearchParams({ ...f }).toString();

function Select(p: { name: string; label: string; value: string; options: Array<[string, string]> }) {
  return (
    <div>
      <label for={`r-${p.name}`}>{p.label}</label>
      <select id={`r-${p.name}`} name={p.name}>
        {p.options.map(([value, text]) => (
          <option value={value} selected={value === p.value}>
            {text}
          </option>
        ))}
      </select>
    </div>
  );
}

function Field(p: { name: string; label: string; value: string; type: string }) {
  return (
    <div>
      <label for={`r-${p.name}`}>{p.label}</label>
      <input id={`r-${p.name}`} name={p.name} type={p.type} value={p.value} inputmode={p.type === "text" ? "numeric" : undefined} />
    </div>
  );
}

export interface ReportPageProps {
  v: V;
  form: ReportForm;
  templates: ReportTemplate[];
  provinces: Province[];
  allowWholeCountry: boolean;
  error?: string;
  result?: ReportResult;
  labels?: ReportLabels;
  draw?: DrawChart;
}

function ReportFormCard(p: ReportPageProps) {
  const { t, lang } = p.v;
  const f = p.form;
  const wards = p.provinces.find((x) => String(x.code) === f.province)?.wards ?? [];
  const provinceOptions: Array<[string, string]> = [
    ...(p.allowWholeCountry ? [["", t("reports:form.wholeCountry")] as [string, string]] : []),
    ...p.provinces.map((x): [string, string] => [String(x.code), x.name]),
  ];
  return (
    <form method="get" action={REPORTS} class="card report-form">
      <fieldset class="areas">
        <legend>{t("reports:form.legend")}</legend>
        <Select name="template" label={t("reports:form.template")} value={f.template} options={p.templates.map((x) => [x.id, x.labels[lang]])} />
        <div class="row">
          <Select name="province" label={t("reports:form.province")} value={f.province} options={provinceOptions} />
          <Select
            name="ward"
            label={t("reports:form.ward")}
            value={f.ward}
            options={[["", t("reports:form.allWards")], ...wards.map((w): [string, string] => [String(w.code), w.name])]}
          />
        </div>
        <p class="muted">{t("reports:form.wardHint")}</p>
        <div class="row">
          <Select name="kind" label={t("reports:form.periodKind")} value={f.kind} options={PERIOD_KINDS.map((k) => [k, t(`reports:form.kinds.${k}`)])} />
          <Field name="year" label={t("reports:form.year")} value={f.year} type="text" />
          <Select
            name="month"
            label={t("reports:form.month")}
            value={f.month}
            options={Array.from({ length: 12 }, (_, i): [string, string] => [String(i + 1), String(i + 1)])}
          />
          <Select name="quarter" label={t("reports:form.quarter")} value={f.quarter} options={["1", "2", "3", "4"].map((q): [string, string] => [q, q])} />
        </div>
        <div class="row">
          <Field name="from" label={t("reports:form.from")} value={f.from} type="date" />
          <Field name="to" label={t("reports:form.to")} value={f.to} type="date" />
        </div>
        <p class="muted">{t("reports:form.customHint")}</p>
        <p>
          <button type="submit">{t("reports:form.show")}</button>
        </p>
      </fieldset>
    </form>
  );
}

export function ReportPage(p: ReportPageProps) {
  const { t } = p.v;
  const q = formQuery(p.form);
  return (
    <Layout v={p.v} title={t("reports:title")} path={REPORTS}>
      <style>{raw(REPORT_STYLE)}</style>
      <h1>{t("reports:title")}</h1>
      <p class="muted">{t("reports:intro")}</p>
      {p.error ? (
        <p class="flash err" role="alert">
          {t(`reports:errors.${p.error}`)}
        </p>
      ) : null}
      <ReportFormCard {...p} />
      {p.result && p.labels && p.draw ? (
        <>
          <p>
            <strong>{p.result.template.labels[p.v.lang]}</strong>
          </p>
          <section class="card" aria-labelledby="exports">
            <h2 id="exports">{t("reports:exports.title")}</h2>
            <p class="exports">
              <a class="button" href={`${REPORTS}/export.csv?${q}`} download>
                {t("reports:exports.csv")}
              </a>
              <a class="button secondary" href={`${REPORTS}/print?${q}`}>
                {t("reports:exports.print")}
              </a>
              <a class="button secondary" href={`${REPORTS}/export.dhis2.json?${q}`} download>
                {t("reports:exports.dhis2")}
              </a>
            </p>
            <p class="muted">{t("reports:exports.note")}</p>
          </section>
          <ReportSections v={p.v} draw={p.draw} result={p.result} labels={p.labels} />
        </>
      ) : null}
    </Layout>
  );
}
