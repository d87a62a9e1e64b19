// Referring a person from their case: search the directory (the case's province and national services
// first), tick up to 3 services, add a personal note; the bot sends them in the person's channel.
import type { AdminUnits } from "../../core/areas/admin-units.ts";
import { BASE, type ConsoleVars } from "../context.ts";
import { SERVICE_KINDS, type CaseDetail, type ServiceRecord } from "../../core/ports.ts";
import { NOTE_MAX } from "../../core/referral/referrals.ts";
import { serviceArea } from "./directory/directory-page.tsx";
import { CsrfField, Flash, Layout } from "./layout.tsx";

type V = Pick<ConsoleVars, "t" | "lang" | "csrf" | "staff">;

export function ReferPage(p: { v: V; c: CaseDetail; services: ServiceRecord[]; areas: AdminUnits; q: string; kind: string; err?: string }) {
  const { t, csrf } = p.v;
  const path = `${BASE}/cases/${p.c.handle}`;
  return (
    <Layout v={p.v} title={t("directory:referrals.refer")} path={`${path}/refer`}>
      <p>
        <a href={path}>{t("directory:referrals.backToCase", { handle: p.c.handle })}</a>
      </p>
      <h1>{t("directory:referrals.refer")}</h1>
      <Flash t={t} err={p.err} />
      <form method="get" action={`${path}/refer`} class="card row">
        <div>
          <label for="r-kind">{t("directory:col.kind")}</label>
          <select id="r-kind" name="kind">
            <option value="">{t("directory:any")}</option>
            {SERVICE_KINDS.map((k) => (
              <option value={k} selected={p.kind === k}>
                {t(`directory:kind.${k}`)}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label for="r-q">{t("directory:search")}</label>
          <input id="r-q" type="text" name="q" value={p.q} maxlength={100} />
        </div>
        <div>
          <button type="submit">{t("directory:filter")}</button>
        </div>
      </form>
      <form method="post" action={`${path}/refer`} class="card">
        <CsrfField csrf={csrf} />
        <fieldset class="areas">
          <legend>{t("directory:referrals.pick")}</legend>
          {p.services.length === 0 ? <p class="muted">{t("directory:none")}</p> : null}
          {p.services.map((s) => (
            <label class="check">
              <input type="checkbox" name="serviceIds" value={s.id} />
              {`${s.name} — ${s.organization.name} · ${t(`directory:kind.${s.kind}`)} · ${serviceArea(s, p.areas, t)}`}
            </label>
          ))}
        </fieldset>
        <label for="r-note">{t("directory:referrals.noteField")}</label>
        <textarea id="r-note" name="note" maxlength={NOTE_MAX}></textarea>
        <button type="submit">{t("directory:referrals.send")}</button>
      </form>
    </Layout>
  );
}
