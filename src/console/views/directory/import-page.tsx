// CSV import: the upload form, and after a post either the report (each row and column, nothing
// imported) or how many listings were created and updated.
import { BASE, type ConsoleVars } from "../../context.ts";
import { CSV_COLUMNS } from "../../../core/referral/service-row.ts";
import type { ImportProblem } from "../../../core/referral/directory-csv.ts";
import { CsrfField, Flash, Layout } from "../layout.tsx";

type V = Pick<ConsoleVars, "t" | "lang" | "csrf" | "staff">;

export function ImportPage(p: { v: V; encoding?: string; problems?: ImportProblem[]; imported?: { created: number; updated: number }; err?: string }) {
  const { t, csrf } = p.v;
  return (
    <Layout v={p.v} title={t("directory:import.title")} path={`${BASE}/directory/import`}>
      <p>
        <a href={`${BASE}/directory`}>{t("directory:back")}</a>
      </p>
      <h1>{t("directory:import.title")}</h1>
      <Flash t={t} err={p.err} />
      {p.imported ? (
        <p class="flash" role="status" id="import-done">
          {t("directory:import.done", { created: p.imported.created, updated: p.imported.updated, encoding: p.encoding })}
        </p>
      ) : null}
      {p.problems ? (
        <section class="card" aria-labelledby="report">
          <h2 id="report" style="margin-top:0" class="p0">
            {t("directory:import.refused", { count: p.problems.length, encoding: p.encoding })}
          </h2>
          <table id="import-report">
            <thead>
              <tr>
                <th>{t("directory:import.row")}</th>
                <th>{t("directory:import.column")}</th>
                <th>{t("directory:import.problem")}</th>
              </tr>
            </thead>
            <tbody>
              {p.problems.map((x) => (
                <tr>
                  <td>{x.row}</td>
                  <td>{x.column ?? "–"}</td>
                  <td>{t(`directory:problems.${x.code}`, { firstRow: x.firstRow })}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ) : null}
      <form method="post" action={`${BASE}/directory/import`} enctype="multipart/form-data" class="card">
        <CsrfField csrf={csrf} />
        <label for="file">{t("directory:import.file")}</label>
        <input id="file" type="file" name="file" accept=".csv,text/csv" required />
        <label for="encoding">{t("directory:import.encoding")}</label>
        <select id="encoding" name="encoding">
          <option value="auto">{t("directory:import.auto")}</option>
          <option value="utf-8">UTF-8</option>
          <option value="windows-1258">Windows-1258</option>
        </select>
        <label class="check">
          <input type="checkbox" name="sample" value="1" />
          {t("directory:import.markSample")}
        </label>
        <p class="muted">{t("directory:import.allOrNothing")}</p>
        <button type="submit">{t("directory:import.submit")}</button>
      </form>
      <h2>{t("directory:import.columns")}</h2>
      <p class="muted">
        <code>{CSV_COLUMNS.join(",")}</code>
      </p>
    </Layout>
  );
}
