// The queue: open cases the staff member may see, most urgent first, then longest waiting since the
// person's first unanswered message; filters, unread marks, and (with JavaScript) live updates and an
// optional sound or vibration for new crisis cases.
import type { AdminUnits } from "../../core/areas/admin-units.ts";
import { BASE, type ConsoleVars } from "../context.ts";
import type { CaseDetail } from "../../core/ports.ts";
import { isOverdueCrisis } from "../../core/cases/escalate-crisis.ts";
import type { QueueQuery } from "../services/queue-filter.ts";
import { areaName, priorityKey, waitingTime } from "./format.ts";
import { CsrfField, Flash, Layout } from "./layout.tsx";
import { QueueFilters, type AreaOption } from "./queue-filters.tsx";

type V = Pick<ConsoleVars, "t" | "lang" | "csrf" | "staff">;

export const QUEUE_REFRESH_SECONDS = 30;

export interface QueuePageProps {
  v: V;
  cases: CaseDetail[];
  /** Ids of the cases with messages this staff member has not seen. */
  unread: Set<string>;
  areas: AdminUnits;
  areaOptions: AreaOption[];
  query: QueueQuery;
  now: Date;
  /** Minutes a crisis may wait unclaimed before it is shown in red. */
  crisisTargetMinutes: number;
  ok?: string;
  err?: string;
}

export function QueuePage(props: QueuePageProps) {
  const { t, csrf } = props.v;
  return (
    <Layout v={props.v} title={t("queue.title")} refresh={QUEUE_REFRESH_SECONDS} script={`${BASE}/console.js`}>
      <h1>{t("queue.title")}</h1>
      <Flash t={t} ok={props.ok} err={props.err} />
      <form method="post" action={`${BASE}/next`} class="card">
        <CsrfField csrf={csrf} />
        <button type="submit">{t("queue.next")}</button> <span class="muted">{t("queue.nextHint")}</span>
      </form>
      <QueueFilters v={props.v} query={props.query} areas={props.areaOptions} />
      <p id="queue-status" class="muted" role="status" data-updated={t("queue.updated")} data-crisis={t("queue.newCrisis", { handle: "{{handle}}" })}>
        {t("queue.liveNote")}
      </p>
      <p id="alert-toggle" hidden>
        <label class="check">
          <input type="checkbox" id="alert-crisis" /> {t("queue.alertCrisis")}
        </label>
      </p>
      <noscript>
        <p class="muted">{t("queue.refreshNote", { s: QUEUE_REFRESH_SECONDS })}</p>
      </noscript>
      <div id="queue-live">
        <p class="muted">{t("queue.count", { n: props.cases.length })}</p>
        {props.cases.length === 0 ? <p class="card">{t("queue.empty")}</p> : null}
        <ol class="queue">
          {props.cases.map((c) => (
            <QueueItem {...props} c={c} />
          ))}
        </ol>
      </div>
    </Layout>
  );
}

function QueueItem(props: QueuePageProps & { c: CaseDetail }) {
  const { t, csrf } = props.v;
  const c = props.c;
  const unread = props.unread.has(c.id);
  // A crisis nobody has claimed within the target: red, with words (colour is never the only signal).
  const overdue = isOverdueCrisis(c, props.now, { claimTargetMinutes: props.crisisTargetMinutes });
  return (
    <li data-handle={c.handle} data-priority={String(c.priority)} data-unread={unread ? "1" : "0"}>
      <article class={`card${unread ? " unread" : ""}${overdue ? " overdue" : ""}`} aria-labelledby={`h-${c.handle}`}>
        <h2 id={`h-${c.handle}`} style="margin:0 0 4px">
          <a href={`${BASE}/cases/${c.handle}`}>#{c.handle}</a>{" "}
          <span class={`badge p${Math.min(2, Math.max(0, c.priority))}`}>{t(`priority.${priorityKey(c.priority)}`)}</span>{" "}
          {unread ? <span class="badge new">{t("queue.unread")}</span> : null}
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
            {c.waitingSince ? waitingTime(c.waitingSince, props.now, t) : t("case.answered")}
            {overdue ? <strong class="overdue-note"> {t("queue.overdue", { minutes: props.crisisTargetMinutes })}</strong> : null}
          </dd>
          <dt>{t("case.assignee")}</dt>
          <dd>{c.assignee ? (c.assignee.id === props.v.staff?.id ? t("case.you") : c.assignee.displayName) : t("case.unclaimed")}</dd>
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
  );
}
