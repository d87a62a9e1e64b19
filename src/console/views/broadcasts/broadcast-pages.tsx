// Broadcast pages: the list, the compose form, and one broadcast (preview and confirm while a draft;
// progress, ETA and results once started; cancel while it can still stop something).
import { BASE, type ConsoleVars } from "../../context.ts";
import type { AdminUnits } from "../../../core/areas/admin-units.ts";
import type { BroadcastProgress } from "../../../core/broadcasts/broadcasts.ts";
import { BODY_MAX } from "../../../core/broadcasts/broadcasts.ts";
import type { AudienceKind, BroadcastRecord, ClubSummary } from "../../../core/broadcasts/ports.ts";
import { CsrfField, Layout } from "../layout.tsx";

type V = Pick<ConsoleVars, "t" | "lang" | "csrf" | "staff">;
const ROOT = `${BASE}/broadcasts`;
const b = (key: string) => `broadcasts:console.${key}`;

function Notice(props: { v: V; ok?: string | undefined; err?: string | undefined }) {
  const { t } = props.v;
  return (
    <>
      {props.ok ? (
        <p class="flash" role="status">
          {t(b(`flash.${props.ok}`))}
        </p>
      ) : null}
      {props.err ? (
        <p class="flash err" role="alert">
          {t(b(`errors.${props.err}`), { max: BODY_MAX })}
        </p>
      ) : null}
    </>
  );
}

function audienceLabel(v: V, x: BroadcastRecord, clubs: ReadonlyMap<string, string>, areas: AdminUnits): string {
  const kind = v.t(b(`audiences.${x.audience.kind}`));
  if (x.audience.kind === "club") return `${kind}: ${clubs.get(x.audience.clubId) ?? "—"}`;
  if (x.audience.kind === "area_subscribers") return `${kind}: ${areas.province(x.audience.provinceCode)?.name ?? x.audience.provinceCode}`;
  return kind;
}

export function BroadcastListPage(p: { v: V; list: BroadcastRecord[]; clubs: ReadonlyMap<string, string>; areas: AdminUnits }) {
  const { t } = p.v;
  return (
    <Layout v={p.v} title={t(b("title"))} path={ROOT}>
      <h1>{t(b("title"))}</h1>
      <p>
        <a class="button" href={`${ROOT}/new`}>
          {t(b("new"))}
        </a>
      </p>
      {p.list.length === 0 ? <p>{t(b("none"))}</p> : null}
      <ul class="queue">
        {p.list.map((x) => (
          <li class="card">
            <a href={`${ROOT}/${x.id}`}>{audienceLabel(p.v, x, p.clubs, p.areas)}</a> <span class="badge">{t(b(`statuses.${x.status}`))}</span>
            <span class="muted">
              {" "}
              {t(b("created"))}: {x.createdAt.toISOString().slice(0, 16).replace("T", " ")} UTC
            </span>
          </li>
        ))}
      </ul>
    </Layout>
  );
}

export interface ComposeValues {
  audience?: string;
  clubId?: string;
  provinceCode?: string;
  bodyVi?: string;
  bodyEn?: string;
}

export function ComposePage(p: {
  v: V;
  kinds: AudienceKind[];
  clubs: ClubSummary[];
  provinces: Array<{ code: number; name: string }>;
  values: ComposeValues;
  err?: string;
}) {
  const { t, csrf } = p.v;
  const val = p.values;
  return (
    <Layout v={p.v} title={t(b("new"))} path={`${ROOT}/new`}>
      <h1>{t(b("new"))}</h1>
      <Notice v={p.v} err={p.err} />
      <form method="post" action={ROOT} class="card">
        <CsrfField csrf={csrf} />
        <fieldset class="areas">
          <legend>{t(b("audience"))}</legend>
          {p.kinds.map((k, i) => (
            <label class="check">
              <input type="radio" name="audience" value={k} checked={val.audience ? val.audience === k : i === 0} /> {t(b(`audiences.${k}`))}
            </label>
          ))}
        </fieldset>
        {p.kinds.includes("club") ? (
          <>
            <label for="clubId">{t(b("club"))}</label>
            <select id="clubId" name="clubId">
              {p.clubs.map((c) => (
                <option value={c.id} selected={val.clubId === c.id}>
                  {c.name}
                </option>
              ))}
            </select>
          </>
        ) : null}
        {p.kinds.includes("area_subscribers") ? (
          <>
            <label for="provinceCode">{t(b("province"))}</label>
            <select id="provinceCode" name="provinceCode">
              {p.provinces.map((x) => (
                <option value={String(x.code)} selected={val.provinceCode === String(x.code)}>
                  {x.name}
                </option>
              ))}
            </select>
          </>
        ) : null}
        <label for="bodyVi">{t(b("bodyVi"))}</label>
        <textarea id="bodyVi" name="bodyVi" maxlength={BODY_MAX} required>
          {val.bodyVi ?? ""}
        </textarea>
        <label for="bodyEn">{t(b("bodyEn"))}</label>
        <textarea id="bodyEn" name="bodyEn" maxlength={BODY_MAX} required>
          {val.bodyEn ?? ""}
        </textarea>
        <p class="muted">{t(b("bodyHelp"), { max: BODY_MAX })}</p>
        <p>
          <button type="submit">{t(b("saveDraft"))}</button>
        </p>
      </form>
    </Layout>
  );
}

const REFRESH_SECONDS = 3;

export function BroadcastPage(p: {
  v: V;
  progress: BroadcastProgress;
  /** The exact audience count now (drafts only). */
  previewCount: number | null;
  audience: string;
  ok?: string | undefined;
  err?: string | undefined;
}) {
  const { t, csrf } = p.v;
  const { broadcast: x, counts, etaSeconds } = p.progress;
  const path = `${ROOT}/${x.id}`;
  const live = x.status === "sending";
  return (
    <Layout v={p.v} title={t(b("title"))} path={path} refresh={live ? REFRESH_SECONDS : undefined} script={live ? `${ROOT}/broadcast.js` : undefined}>
      <h1>{p.audience}</h1>
      <Notice v={p.v} ok={p.ok} err={p.err} />
      <dl class="meta" {...(live ? { "data-refresh": String(REFRESH_SECONDS) } : {})}>
        <dt>{t(b("status"))}</dt>
        <dd data-status={x.status}>{t(b(`statuses.${x.status}`))}</dd>
      </dl>
      <div class="card">
        <p class="muted">{t(b("bodyVi"))}</p>
        <p style="white-space:pre-wrap">{x.body.vi}</p>
        <p class="muted">{t(b("bodyEn"))}</p>
        <p style="white-space:pre-wrap">{x.body.en}</p>
      </div>
      {x.status === "draft" ? (
        <section class="card">
          <h2>{t(b("previewTitle"))}</h2>
          {p.previewCount === 0 ? (
            <p class="flash err">{t(b("emptyAudience"))}</p>
          ) : (
            <p data-count={String(p.previewCount ?? 0)}>{t(b("previewCount"), { count: p.previewCount ?? 0 })}</p>
          )}
          <form method="post" action={`${path}/start`} class="inline">
            <CsrfField csrf={csrf} />
            <button type="submit" disabled={p.previewCount === 0}>
              {t(b("confirm"))}
            </button>
          </form>
        </section>
      ) : (
        <section class="card">
          <h2>{t(b("progressTitle"))}</h2>
          <table>
            <tbody>
              <Row label={t(b("planned"))} n={x.plannedCount} k="planned" />
              <Row label={t(b("queued"))} n={counts.queued + counts.planned + (live ? Math.max(0, x.plannedCount - counts.recipients) : 0)} k="queued" />
              <Row label={t(b("sent"))} n={counts.sent} k="sent" />
              <Row label={t(b("failed"))} n={counts.failed} k="failed" />
              <Row label={t(b("unreachable"))} n={counts.unreachable} k="unreachable" />
              <Row label={t(b("cancelledCount"))} n={counts.cancelled} k="cancelled" />
            </tbody>
          </table>
          {live ? (
            <p>
              {t(b("eta"), { seconds: etaSeconds })} <span class="muted">{t(b("refreshing"))}</span>
            </p>
          ) : null}
        </section>
      )}
      {x.status === "draft" || x.status === "sending" ? (
        <form method="post" action={`${path}/cancel`}>
          <CsrfField csrf={csrf} />
          <button type="submit" class="secondary">
            {t(b("cancel"))}
          </button>
        </form>
      ) : null}
    </Layout>
  );
}

function Row(p: { label: string; n: number; k: string }) {
  return (
    <tr>
      <th scope="row">{p.label}</th>
      <td data-k={p.k}>{p.n}</td>
    </tr>
  );
}
