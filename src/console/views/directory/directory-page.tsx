// The directory list: filters (kind, status, province, words, not confirmed for 180 days), one row per
// listing with its area, status, capacity, last confirmation (flagged when stale) and referral outcomes.
import type { AdminUnits } from "../../../core/areas/admin-units.ts";
import { BASE, type ConsoleVars } from "../../context.ts";
import { SERVICE_KINDS, SERVICE_STATUSES, type ReferralStatus, type ServiceRecord } from "../../../core/ports.ts";
import type { DirectoryQuery } from "../../routes/directory-routes.tsx";
import { Flash, Layout } from "../layout.tsx";

type V = Pick<ConsoleVars, "t" | "lang" | "csrf" | "staff">;
const DIR = `${BASE}/directory`;

export interface DirectoryPageProps {
  v: V;
  services: ServiceRecord[];
  outcomes: Map<string, Partial<Record<ReferralStatus, number>>>;
  query: DirectoryQuery;
  areas: AdminUnits;
  staleBefore: Date;
  canManage: boolean;
  canEdit(s: ServiceRecord): boolean;
  ok?: string;
  err?: string;
}

export function serviceArea(s: Pick<ServiceRecord, "areas">, areas: AdminUnits, t: V["t"]): string {
  return s.areas
    .map((a) =>
      a.scope === "national"
        ? t("directory:scope.national")
        : a.scope === "province"
          ? (areas.province(a.provinceCode ?? -1)?.name ?? "?")
          : `${areas.ward(a.wardCode ?? -1)?.name ?? "?"}, ${areas.province(a.provinceCode ?? -1)?.shortName ?? ""}`,
    )
    .join("; ");
}

export function DirectoryPage(p: DirectoryPageProps) {
  const { t } = p.v;
  const qs = new URLSearchParams(
    Object.entries(p.query)
      .filter((e): e is [string, string] => e[1] !== undefined)
      .map(([k, v]) => [k, String(v)]),
  );
  const suffix = qs.size > 0 ? `?${qs}` : "";
  return (
    <Layout v={p.v} title={t("directory:title")} path={DIR}>
      <h1>{t("directory:title")}</h1>
      <Flash t={t} ok={p.ok} err={p.err} />
      {p.canManage ? (
        <p class="row">
          <a class="button" href={`${DIR}/new`}>
            {t("directory:new")}
          </a>
          <a class="button secondary" href={`${DIR}/import`}>
            {t("directory:import.link")}
          </a>
          <a class="button secondary" href={`${DIR}/export.csv${suffix}`}>
            {t("directory:exportCsv")}
          </a>
          <a class="button secondary" href={`${DIR}/export.json${suffix}`}>
            {t("directory:exportJson")}
          </a>
        </p>
      ) : null}
      <form method="get" action={DIR} class="card row" aria-label={t("directory:filters")}>
        <div>
          <label for="f-kind">{t("directory:col.kind")}</label>
          <select id="f-kind" name="kind">
            <option value="">{t("directory:any")}</option>
            {SERVICE_KINDS.map((k) => (
              <option value={k} selected={p.query.kind === k}>
                {t(`directory:kind.${k}`)}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label for="f-status">{t("directory:col.status")}</label>
          <select id="f-status" name="status">
            <option value="">{t("directory:any")}</option>
            {SERVICE_STATUSES.map((s) => (
              <option value={s} selected={p.query.status === s}>
                {t(`directory:status.${s}`)}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label for="f-province">{t("directory:col.area")}</label>
          <select id="f-province" name="province">
            <option value="">{t("directory:any")}</option>
            {p.areas.provinces.map((pr) => (
              <option value={String(pr.code)} selected={p.query.province === pr.code}>
                {pr.name}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label for="f-q">{t("directory:search")}</label>
          <input id="f-q" type="text" name="q" value={p.query.q ?? ""} maxlength={100} />
        </div>
        <div>
          <label class="check">
            <input type="checkbox" name="unconfirmed" value="1" checked={p.query.unconfirmed === "1"} />
            {t("directory:unconfirmedOnly")}
          </label>
        </div>
        <div>
          <button type="submit">{t("directory:filter")}</button>
        </div>
      </form>
      {p.services.length === 0 ? (
        <p>{t("directory:none")}</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th>{t("directory:col.name")}</th>
              <th>{t("directory:col.kind")}</th>
              <th>{t("directory:col.area")}</th>
              <th>{t("directory:col.status")}</th>
              <th>{t("directory:col.confirmed")}</th>
              <th>{t("directory:col.outcomes")}</th>
            </tr>
          </thead>
          <tbody>
            {p.services.map((s) => (
              <ServiceRow {...p} s={s} />
            ))}
          </tbody>
        </table>
      )}
    </Layout>
  );
}

function ServiceRow(p: DirectoryPageProps & { s: ServiceRecord }) {
  const { t } = p.v;
  const s = p.s;
  const stale = s.lastConfirmedAt < p.staleBefore;
  const o = p.outcomes.get(s.id) ?? {};
  const total = Object.values(o).reduce((a, b) => a + (b ?? 0), 0);
  return (
    <tr data-code={s.code}>
      <td>
        <a href={`${DIR}/${s.id}`}>{s.name}</a>
        <span class="who">
          {s.organization.name} · {s.code}
          {s.isSample ? ` · ${t("directory:sample")}` : ""}
          {s.confidential ? ` · ${t("directory:confidential")}` : ""}
        </span>
      </td>
      <td>{t(`directory:kind.${s.kind}`)}</td>
      <td>{serviceArea(s, p.areas, t)}</td>
      <td>
        {t(`directory:status.${s.status}`)}
        {s.takingReferrals ? "" : ` · ${t("directory:full")}`}
      </td>
      <td class={stale ? "p0" : ""}>
        {s.lastConfirmedAt.toISOString().slice(0, 10)}
        {stale ? <span class="badge p0">{t("directory:stale")}</span> : null}
      </td>
      <td>
        {total === 0 ? "–" : t("directory:outcomeSummary", { total, attended: o.attended ?? 0, noCapacity: o.no_capacity ?? 0 })}
        {(o.no_capacity ?? 0) >= 2 ? <span class="badge p1">{t("directory:oftenFull")}</span> : null}
      </td>
    </tr>
  );
}
