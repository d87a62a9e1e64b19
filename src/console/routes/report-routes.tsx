// Reports in the console (issue 13): admins for every area, supervisors for their provinces and the
// communes in them; anyone else, an area outside the viewer's scope or an unknown template gets 404.
// Every export (CSV, DHIS2 JSON, printable report) is written to the audit trail first.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { Hono, type MiddlewareHandler } from "hono";
import { me, render, type ConsoleContext, type ConsoleEnv } from "../context.ts";
import type { ConsoleDeps } from "../deps.ts";
import type { StaffRecord } from "../../core/ports.ts";
import { buildReport, type ReportResult } from "../../core/reports/build-report.ts";
import { periodId, reportCsv, reportDhis2 } from "../../core/reports/export-report.ts";
import { areaCode, areaInScope, areaLabel, canSeeReports, parseArea, type ReportArea } from "../../core/reports/report-area.ts";
import { monthPeriod, PERIOD_KINDS, reportPeriod, type PeriodKind, type ReportPeriod } from "../../core/reports/report-period.ts";
import type { ReportTemplate } from "../../core/reports/template-schema.ts";
import { isAppError } from "../../shared/errors/app-error.ts";
import { MessagePage } from "../views/auth-pages.tsx";
import { chartRenderer } from "../views/reports/chart-svg.ts";
import { PrintPage } from "../views/reports/print-page.tsx";
import { reportLabels } from "../views/reports/report-labels.ts";
import { REPORTS, ReportPage, type ReportForm } from "../views/reports/report-page.tsx";

const SCRIPT = fs.readFileSync(path.join(path.dirname(fileURLToPath(import.meta.url)), "../public/report-print.js"), "utf8");
const FORM_KEYS = ["template", "province", "ward", "kind", "year", "month", "quarter", "from", "to"] as const;
const OFFSET_MS = 7 * 3_600_000;

type Chosen = { template: ReportTemplate; area: ReportArea; period: ReportPeriod };
type Read = { form: ReportForm } & ({ ok: true; chosen: Chosen } | { ok: false; status: 400 | 404; error?: string });

function defaults(staff: StaffRecord, templates: ReportTemplate[], now: Date): ReportForm {
  const local = new Date(now.getTime() + OFFSET_MS);
  const today = local.toISOString().slice(0, 10);
  return {
    template: templates[0]!.id,
    province: staff.role === "admin" ? "" : String(staff.provinceCodes[0] ?? ""),
    ward: "",
    kind: "quarter",
    year: String(local.getUTCFullYear()),
    month: String(local.getUTCMonth() + 1),
    quarter: String(Math.floor(local.getUTCMonth() / 3) + 1),
    from: `${today.slice(0, 8)}01`,
    to: today,
  };
}

export function createReportRoutes(d: ConsoleDeps, templates: ReportTemplate[]): Hono<ConsoleEnv> {
  const app = new Hono<ConsoleEnv>();
  const notFound = (c: ConsoleContext) => render(c, <MessagePage v={c.var} title={c.var.t("errors.notFoundTitle")} text={c.var.t("errors.not_found")} />, 404);
  const allowed: MiddlewareHandler<ConsoleEnv> = async (c, next) => (canSeeReports(me(c)) ? next() : notFound(c));
  app.use("/reports", allowed);
  app.use("/reports/*", allowed);

  const read = (c: ConsoleContext): Read => {
    const staff = me(c);
    const form = defaults(staff, templates, d.clock.now());
    for (const key of FORM_KEYS) {
      const value = c.req.query(key);
      if (value !== undefined) form[key] = value.trim().slice(0, 20);
    }
    const template = templates.find((x) => x.id === form.template);
    const area = parseArea(d.areas, form.province, form.ward);
    if (!template || !area || !areaInScope(staff, area)) return { form, ok: false, status: 404 };
    if (!(PERIOD_KINDS as readonly string[]).includes(form.kind)) return { form, ok: false, status: 400, error: "period" };
    try {
      const num = (s: string) => (/^\d{1,4}$/.test(s) ? Number(s) : NaN);
      const period = reportPeriod({
        kind: form.kind as PeriodKind,
        year: num(form.year),
        month: num(form.month),
        quarter: num(form.quarter),
        from: form.from,
        to: form.to,
      });
      return { form, ok: true, chosen: { template, area, period } };
    } catch (error) {
      if (isAppError(error) && error.code === "invalid_input") return { form, ok: false, status: 400, error: String(error.details?.reason ?? "period") };
      throw error;
    }
  };

  const page = async (c: ConsoleContext, r: Read, extra: { result?: ReportResult; error?: string } = {}, status: 200 | 400 = 200) => {
    const staff = me(c);
    const provinces = staff.role === "admin" ? d.areas.provinces : d.areas.provinces.filter((p) => staff.provinceCodes.includes(p.code));
    const labels = extra.result ? reportLabels(d.translator, c.var.lang, extra.result) : undefined;
    const draw = extra.result ? await chartRenderer() : undefined;
    const error = extra.error ?? (r.ok ? undefined : r.error);
    return render(
      c,
      <ReportPage
        v={c.var}
        form={r.form}
        templates={templates}
        provinces={provinces}
        allowWholeCountry={staff.role === "admin"}
        {...(error ? { error } : {})}
        {...(extra.result && labels && draw ? { result: extra.result, labels, draw } : {})}
      />,
      status,
    );
  };

  /** Reads the request; answers 404 or the form with its error (400) when it cannot be served. */
  const withReport = async (c: ConsoleContext, serve: (chosen: Chosen, r: Read) => Promise<Response>): Promise<Response> => {
    const r = read(c);
    if (!r.ok) return r.status === 404 ? notFound(c) : page(c, r, {}, 400);
    return serve(r.chosen, r);
  };

  const audit = (c: ConsoleContext, chosen: Chosen, format: string) =>
    d.stores.audit.record(
      {
        actorId: me(c).id,
        action: "report.export",
        details: { template: chosen.template.id, format, area: areaCode(chosen.area), period: periodId(chosen.period) },
      },
      d.clock.now(),
    );
  const fileName = (chosen: Chosen, ext: string) =>
    `bao-cao-${chosen.template.id}-${areaCode(chosen.area)}-${periodId(chosen.period).replace("/", "_")}.${ext}`;

  app.get("/reports", (c) => {
    const staff = me(c);
    // A supervisor with no province yet: the form and a word on why there is nothing, not a 404.
    if (staff.role === "supervisor" && staff.provinceCodes.length === 0)
      return page(c, { form: defaults(staff, templates, d.clock.now()), ok: false, status: 400, error: "no_areas" });
    return withReport(c, async (chosen, r) => page(c, r, { result: await buildReport(d, chosen) }));
  });

  app.get("/reports/report-print.js", (c) => c.body(SCRIPT, 200, { "content-type": "text/javascript; charset=utf-8", "cache-control": "no-cache" }));

  app.get("/reports/export.csv", (c) =>
    withReport(c, async (chosen) => {
      const result = await buildReport(d, chosen);
      await audit(c, chosen, "csv");
      const body = reportCsv(result, reportLabels(d.translator, c.var.lang, result));
      return c.body(body, 200, {
        "content-type": "text/csv; charset=utf-8",
        "content-disposition": `attachment; filename="${fileName(chosen, "csv")}"`,
        "cache-control": "no-store",
      });
    }),
  );

  app.get("/reports/export.dhis2.json", (c) =>
    withReport(c, async (chosen, r) => {
      if (chosen.period.dhis2.length === 0) return page(c, r, { error: "dhis2_period" }, 400);
      const periods =
        chosen.period.kind === "custom"
          ? chosen.period.dhis2.map((id) => ({ id, period: monthPeriod(id) }))
          : [{ id: chosen.period.dhis2[0]!, period: chosen.period }];
      const results = [];
      for (const p of periods) results.push({ period: p.id, result: await buildReport(d, { ...chosen, period: p.period }) });
      await audit(c, chosen, "dhis2");
      return c.body(JSON.stringify(reportDhis2(results), null, 2), 200, {
        "content-type": "application/json; charset=utf-8",
        "content-disposition": `attachment; filename="${fileName(chosen, "json")}"`,
        "cache-control": "no-store",
      });
    }),
  );

  // The printable report is in Vietnamese: it is what goes to the Women's Union and the state bodies.
  app.get("/reports/print", (c) =>
    withReport(c, async (chosen) => {
      const result = await buildReport(d, chosen);
      await audit(c, chosen, "print");
      const t = (key: string, vars?: Record<string, unknown>) => d.translator.t("vi", key, vars);
      const now = d.clock.now();
      const zone = { timeZone: "Asia/Ho_Chi_Minh" } as const;
      const madeAt = `${now.toLocaleTimeString("vi-VN", { ...zone, hour: "2-digit", minute: "2-digit" })} ${now.toLocaleDateString("vi-VN", { ...zone, day: "2-digit", month: "2-digit", year: "numeric" })}`;
      const back = `${REPORTS}?${new URL(c.req.url).searchParams.toString()}`;
      return render(
        c,
        <PrintPage
          v={{ t, lang: "vi" }}
          result={result}
          labels={reportLabels(d.translator, "vi", result)}
          draw={await chartRenderer()}
          areaName={areaLabel(d.areas, chosen.area, t("reports:form.wholeCountry"))}
          madeAt={madeAt}
          madeBy={me(c).displayName}
          backHref={back}
          scriptSrc={`${REPORTS}/report-print.js`}
        />,
      );
    }),
  );

  return app;
}
