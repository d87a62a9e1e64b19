// Create or edit one listing. Its fields are the CSV columns, validated by the same rules as the import;
// problems are listed by column above the form. Read-only for those who may not change it.
import { BASE, type ConsoleVars } from "../../context.ts";
import { AREA_SCOPES, SERVICE_COSTS, SERVICE_KINDS, SERVICE_STATUSES } from "../../../core/ports.ts";
import { CSV_COLUMNS, type CsvColumn, type RowProblem, type ServiceRow } from "../../../core/referral/service-row.ts";
import { CsrfField, Flash, Layout } from "../layout.tsx";

type V = Pick<ConsoleVars, "t" | "lang" | "csrf" | "staff">;

const CHOICES: Partial<Record<CsvColumn, readonly string[]>> = {
  kind: SERVICE_KINDS,
  status: SERVICE_STATUSES,
  cost: SERVICE_COSTS,
  area_scope: AREA_SCOPES,
  confidential: ["no", "yes"],
  taking_referrals: ["yes", "no"],
};
const LONG: readonly CsvColumn[] = ["description_vi", "description_en", "eligibility"];

export function ServiceFormPage(p: { v: V; id?: string; row: ServiceRow; problems?: RowProblem[]; readOnly?: boolean; ok?: string; err?: string }) {
  const { t, csrf } = p.v;
  const action = `${BASE}/directory${p.id ? `/${p.id}` : ""}`;
  const label = (c: CsvColumn) => `${t(`directory:field.${c}`)} (${c})`;
  return (
    <Layout v={p.v} title={p.row.name || t("directory:new")} path={action}>
      <p>
        <a href={`${BASE}/directory`}>{t("directory:back")}</a>
      </p>
      <h1>{p.id ? p.row.name : t("directory:new")}</h1>
      <Flash t={t} ok={p.ok} err={p.err} />
      {p.problems && p.problems.length > 0 ? (
        <ul class="flash err" role="alert" id="form-problems">
          {p.problems.map((x) => (
            <li>{`${x.column ?? "–"}: ${t(`directory:problems.${x.code}`)}`}</li>
          ))}
        </ul>
      ) : null}
      <form method="post" action={action} class="card">
        <CsrfField csrf={csrf} />
        <fieldset disabled={p.readOnly} style="border:0;padding:0;margin:0">
          {CSV_COLUMNS.map((c) => {
            const value = p.row[c] ?? "";
            const choices = CHOICES[c];
            return (
              <div>
                <label for={`f-${c}`}>{label(c)}</label>
                {choices ? (
                  <select id={`f-${c}`} name={c}>
                    {choices.map((o) => (
                      <option value={o} selected={value === o}>
                        {c === "kind" || c === "status" || c === "cost" || c === "area_scope"
                          ? t(`directory:${c === "area_scope" ? "scope" : c}.${o}`)
                          : t(`directory:${o}`)}
                      </option>
                    ))}
                  </select>
                ) : LONG.includes(c) ? (
                  <textarea id={`f-${c}`} name={c} maxlength={2000}>
                    {value}
                  </textarea>
                ) : (
                  <input id={`f-${c}`} type="text" name={c} value={value} maxlength={500} />
                )}
              </div>
            );
          })}
          {p.readOnly ? null : <button type="submit">{t("directory:save")}</button>}
        </fieldset>
      </form>
      {p.id && !p.readOnly ? (
        <form method="post" action={`${action}/deactivate`} class="card">
          <CsrfField csrf={csrf} />
          <button type="submit" class="secondary">
            {t("directory:deactivate")}
          </button>
        </form>
      ) : null}
    </Layout>
  );
}
