// The case page's referrals panel: each referral with its service, status, the counsellor's note and
// its history (who changed it and when), a status change for those who may act, and the way to refer
// the person to services from the directory. Self-contained: the case page only places it.
import { BASE, type ConsoleVars } from "../context.ts";
import type { CaseDetail, ReferralRecord } from "../../core/ports.ts";
import { STAFF_SETTABLE } from "../../core/referral/referrals.ts";
import { dateTime } from "./format.ts";
import { CsrfField } from "./layout.tsx";

type V = Pick<ConsoleVars, "t" | "lang" | "csrf" | "staff">;

export function ReferralsPanel(p: { v: V; c: Pick<CaseDetail, "handle" | "status">; referrals: ReferralRecord[]; canAct: boolean }) {
  const { t, lang, csrf } = p.v;
  const path = `${BASE}/cases/${p.c.handle}`;
  return (
    <section class="card" aria-labelledby="referrals" id="referrals-panel">
      <h2 id="referrals" style="margin-top:0">
        {t("directory:referrals.title")}
      </h2>
      {p.referrals.length === 0 ? <p class="muted">{t("directory:referrals.none")}</p> : null}
      <ul class="thread">
        {p.referrals.map((r) => (
          <li data-referral={r.id} data-status={r.status}>
            <strong>{r.service.name}</strong> — {r.service.organization}
            <span class="who">
              {t(`directory:kind.${r.service.kind}`)} · {t(`directory:referrals.origin.${r.origin}`)} ·{" "}
              <strong>{t(`directory:referrals.status.${r.status}`)}</strong>
              {r.nextFollowUpAt ? ` · ${t("directory:referrals.nextFollowUp", { at: dateTime(r.nextFollowUpAt, lang) })}` : ""}
            </span>
            {r.note ? <span class="who">{t("directory:referrals.note", { note: r.note })}</span> : null}
            <ol class="muted">
              {r.events.map((e) => (
                <li>
                  {`${dateTime(e.at, lang)} · ${t(`directory:referrals.status.${e.status}`)} · ${
                    e.actorKind === "staff" ? (e.actorName ?? t("directory:referrals.actor.staff")) : t(`directory:referrals.actor.${e.actorKind}`)
                  }${e.reason ? ` (${t(`directory:referrals.reason.${e.reason}`, { defaultValue: e.reason })})` : ""}`}
                </li>
              ))}
            </ol>
            {p.canAct ? (
              <form method="post" action={`${path}/referrals/${r.id}/status`} class="row">
                <CsrfField csrf={csrf} />
                <div>
                  <label for={`rs-${r.id}`}>{t("directory:referrals.setStatus")}</label>
                  <select id={`rs-${r.id}`} name="status">
                    {STAFF_SETTABLE.map((s) => (
                      <option value={s} selected={s === r.status}>
                        {t(`directory:referrals.status.${s}`)}
                      </option>
                    ))}
                  </select>
                </div>
                {r.service.kind === "loan" ? (
                  <div>
                    <label for={`rl-${r.id}`}>{t("retention:loanAmount.label")}</label>
                    <input id={`rl-${r.id}`} name="loanAmount" inputmode="numeric" pattern="[0-9 .,]*" aria-describedby={`rlh-${r.id}`} />
                    <span class="muted" id={`rlh-${r.id}`}>
                      {t("retention:loanAmount.hint")}
                    </span>
                  </div>
                ) : null}
                <div>
                  <button type="submit" class="secondary">
                    {t("directory:save")}
                  </button>
                </div>
              </form>
            ) : null}
          </li>
        ))}
      </ul>
      {p.c.status === "open" && p.canAct ? (
        <p>
          <a class="button secondary" href={`${path}/refer`}>
            {t("directory:referrals.refer")}
          </a>
        </p>
      ) : null}
    </section>
  );
}
