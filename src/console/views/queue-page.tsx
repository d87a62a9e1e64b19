// The queue: open cases the staff member may see, most urgent first, then longest waiting.
import type { AdminUnits } from "../../core/areas/admin-units.ts";
import { BASE, type ConsoleVars } from "../context.ts";
import type { CaseDetail } from "../../core/ports.ts";
import { isOverdueCrisis } from "../../core/cases/escalate-crisis.ts";
import { areaName, priorityKey, waitingTime } from "./format.ts";
import { CsrfField, Flash, Layout } from "./layout.tsx";

type V = Pick<ConsoleVars, "t" | "lang" | "csrf" | "staff">;

export const QUEUE_REFRESH_SECONDS = 30;

export function QueuePage(props: { v: V; cases: CaseDetail[]; areas: AdminUnits; now: Date; crisisTargetMinutes: number; ok?: string; err?: string }) {
  const { t, csrf } = props.v;
  const me = props.v.staff!;
  // A crisis nobody has claimed within the target: red, with words (colour is never the only signal).
  const overdue = (c: CaseDetail) => isOverdueCrisis(c, props.now, { claimTargetMinutes: props.crisisTargetMinutes });
  return (
    <Layout v={props.v} title={t("queue.title")} refresh={QUEUE_REFRESH_SECONDS} script={`${BASE}/console.js`}>
      <h1>{t("queue.title")}</h1>
      <Flash t={t} ok={props.ok} err={props.err} />
      <form method="post" action={`${BASE}/next`} class="card">
        <CsrfField csrf={csrf} />
        <button type="submit">{t("queue.next")}</button> <span class="muted">{t("queue.nextHint")}</span>
      </form>
      <p id="queue-status" class="muted" role="status" data-updated={t("queue.updated")}>
        {t("queue.liveNote")}
      </p>
      <noscript>
        <p class="muted">{t("queue.refreshNote", { s: QUEUE_REFRESH_SECONDS })}</p>
      </noscript>
      <div id="queue-live">
        <p class="muted">{t("queue.count", { n: props.cases.length })}</p>
        {props.cases.length === 0 ? <p class="card">{t("queue.empty")}</p> : null}
        <ol class="queue">
          {props.cases.map((c) => (
            <li>
              <article class={overdue(c) ? "card overdue" : "card"} aria-labelledby={`h-${c.handle}`}>
                <h2 id={`h-${c.handle}`} style="margin:0 0 4px">
                  <a href={`${BASE}/cases/${c.handle}`}>#{c.handle}</a>{" "}
                  <span class={`badge p${Math.min(2, Math.max(0, c.priority))}`}>{t(`priority.${priorityKey(c.priority)}`)}</span>
                </h2>
                <dl class="meta">
                  <dt>{t("case.concern")}</dt>
                  <dd>{t(`concern.${c.concern}`)}</dd>
                  <dt>{t("case.area")}</dt>
                  <dd>{areaName(props.areas, c, t)}</dd>
                  <dt>{t("case.language")}</dt>
                  <dd>{t(`language.${c.locale}`)}</dd>
                  <dt>{t("case.channel")}</dt>
                  <dd>{t(`channel.${c.channel}`)}</dd>
                  <dt>{t("case.waiting")}</dt>
                  <dd>
                    {waitingTime(c.lastPersonMessageAt, props.now, t)}
                    {overdue(c) ? <strong class="overdue-note"> {t("queue.overdue", { minutes: props.crisisTargetMinutes })}</strong> : null}
                  </dd>
                  <dt>{t("case.assignee")}</dt>
                  <dd>{c.assignee ? (c.assignee.id === me.id ? t("case.you") : c.assignee.displayName) : t("case.unclaimed")}</dd>
                </dl>
                {!c.assignee ? (
                  <form method="post" action={`${BASE}/cases/${c.handle}/claim`} style="margin-top:8px">
                    <CsrfField csrf={csrf} />
                    <button type="submit" class="secondary" aria-label={t("queue.claimCase", { handle: c.handle })}>
                      {t("case.claim")}
                    </button>
                  </form>
                ) : null}
              </article>
            </li>
          ))}
        </ol>
      </div>
    </Layout>
  );
}
