// One case: intake answers, the whole thread with delivery status, actions (claim, release,
// transfer, close), the reply box with ready answers, internal notes and (for leads) the audit trail.
import type { AdminUnits } from "../../core/areas/admin-units.ts";
import { BASE, type ConsoleVars } from "../context.ts";
import {
  CASE_OUTCOMES,
  type AuditRecord,
  type ReadyAnswerRecord,
  type CaseDetail,
  type CaseMessage,
  type NoteRecord,
  type ReferralRecord,
  type StaffRecord,
} from "../../core/ports.ts";
import { AuditTrail, Notes, ReplyBox, Thread } from "./case-sections.tsx";
import { areaName, dateTime, priorityKey, waitingTime } from "./format.ts";
import { CsrfField, Flash, Layout } from "./layout.tsx";
import { ReferralsPanel } from "./referrals-panel.tsx";

type V = Pick<ConsoleVars, "t" | "lang" | "csrf" | "staff">;

export interface CasePageProps {
  v: V;
  c: CaseDetail;
  areas: AdminUnits;
  now: Date;
  messages: CaseMessage[];
  notes: NoteRecord[];
  canned: ReadyAnswerRecord[];
  draft: string;
  colleagues: StaffRecord[];
  audit: AuditRecord[] | null;
  canAct: boolean;
  /** False when the person blocked the bot or left: replies may not arrive. */
  reachable: boolean;
  /** When this staff member last saw the case before this view; null on a first view. */
  unreadAfter: Date | null;
  /** Referrals on this case (the referrals panel). */
  referrals: ReferralRecord[];
  ok?: string;
  err?: string;
}

export function CasePage(p: CasePageProps) {
  const { t } = p.v;
  const path = `${BASE}/cases/${p.c.handle}`;
  const canReply = p.c.status === "open" && p.canAct;
  return (
    <Layout v={p.v} title={`#${p.c.handle}`} path={path} script={`${BASE}/case.js`}>
      <div class="casebar">
        <a href={BASE}>{t("nav.backToQueue")}</a>
        {canReply ? (
          <a href="#text" class="button" id="jump-reply">
            {t("reply.jump")}
          </a>
        ) : null}
      </div>
      <h1>
        {t("case.title", { handle: p.c.handle })}{" "}
        <span class={`badge p${Math.min(2, Math.max(0, p.c.priority))}`}>{t(`priority.${priorityKey(p.c.priority)}`)}</span>
      </h1>
      <Flash t={t} ok={p.ok} err={p.err} />
      <p id="case-status" class="muted" role="status" data-new={t("case.liveNew")} data-changed={t("case.liveChanged")}></p>
      <CaseLive {...p} path={path} />
      {canReply ? <ReplyBox {...p} path={path} /> : null}
      <Actions {...p} path={path} />
      <ReferralsPanel v={p.v} c={p.c} referrals={p.referrals} canAct={p.canAct} />
      <Notes {...p} path={path} />
      {p.audit ? <AuditTrail v={p.v} rows={p.audit} /> : null}
    </Layout>
  );
}

export type CaseLiveProps = Pick<CasePageProps, "v" | "c" | "areas" | "now" | "messages" | "canAct" | "reachable" | "unreadAfter"> & { path: string };

/**
 * What changes while the page is open: the facts, claim and thread. case.js swaps it in on each live
 * event (the reply box, with its draft, is outside). Messages from the person after `unreadAfter`
 * (the staff member's previous visit; this page's load time on a first visit) are marked new.
 */
export function CaseLive(p: CaseLiveProps) {
  const { t } = p.v;
  const after = p.unreadAfter ?? p.now;
  return (
    <div
      id="case-live"
      data-events={`${BASE}/events?case=${p.c.handle}`}
      data-live={`${p.path}/live`}
      data-after={after.toISOString()}
      data-status={p.c.status}
      data-holder={p.c.assignee?.id ?? ""}
    >
      {!p.reachable ? (
        <p class="flash err" role="note">
          {t("case.unreachable")}
        </p>
      ) : null}
      <Facts {...p} />
      <ClaimBar {...p} />
      <h2 id="thread">{t("thread.title")}</h2>
      <Thread v={p.v} messages={p.messages} unreadAfter={after} />
    </div>
  );
}

function Facts(p: CaseLiveProps) {
  const { t, lang } = p.v;
  const c = p.c;
  return (
    <section class="card" aria-labelledby="facts">
      <h2 id="facts" style="margin-top:0">
        {t("case.intake")}
      </h2>
      <dl class="meta">
        <dt>{t("case.status")}</dt>
        <dd>{c.status === "open" ? t("status.open") : `${t("status.closed")} (${t(`outcome.${c.outcome ?? "answered"}`)})`}</dd>
        <dt>{t("case.subject")}</dt>
        <dd>{t(`subject.${c.subject}`)}</dd>
        <dt>{t("case.concern")}</dt>
        <dd>{t(`concern.${c.concern}`)}</dd>
        <dt>{t("case.urgency")}</dt>
        <dd>{t(`urgency.${c.urgency}`)}</dd>
        <dt>{t("case.area")}</dt>
        <dd>{areaName(p.areas, c, t)}</dd>
        {c.dangerFlags.length > 0 ? (
          <>
            <dt>{t("case.danger")}</dt>
            <dd class="p0">{c.dangerFlags.map((f) => t(`danger.${f}`, { defaultValue: f })).join(", ")}</dd>
          </>
        ) : null}
        <dt>{t("case.language")}</dt>
        <dd>{t(`language.${c.locale}`)}</dd>
        <dt>{t("case.channel")}</dt>
        <dd>{t(`channel.${c.channel}`)}</dd>
        <dt>{t("case.created")}</dt>
        <dd>{dateTime(c.createdAt, lang)}</dd>
        <dt>{t("case.waiting")}</dt>
        <dd>{c.waitingSince ? waitingTime(c.waitingSince, p.now, t) : t("case.answered")}</dd>
        <dt>{t("case.assignee")}</dt>
        <dd>{c.assignee ? (c.assignee.id === p.v.staff?.id ? t("case.you") : c.assignee.displayName) : t("case.unclaimed")}</dd>
      </dl>
    </section>
  );
}

/** Claim or release: right under the facts, so a counsellor takes the case before reading on. */
function ClaimBar(p: CaseLiveProps) {
  const { t, csrf } = p.v;
  const c = p.c;
  if (c.status !== "open") return null;
  if (!c.assignee) {
    return (
      <form method="post" action={`${p.path}/claim`} class="card">
        <CsrfField csrf={csrf} />
        <button type="submit">{t("case.claim")}</button>
      </form>
    );
  }
  if (!p.canAct) return null;
  return (
    <form method="post" action={`${p.path}/release`} class="card">
      <CsrfField csrf={csrf} />
      <button type="submit" class="secondary">
        {t("case.release")}
      </button>
    </form>
  );
}

/** Transfer and close: after the reply box, where the work on a case ends. */
function Actions(p: CasePageProps & { path: string }) {
  const { t, csrf } = p.v;
  if (p.c.status !== "open" || !p.canAct) return null;
  return (
    <section class="card" aria-labelledby="actions">
      <h2 id="actions" style="margin-top:0">
        {t("case.actions")}
      </h2>
      {p.colleagues.length > 0 ? (
        <form method="post" action={`${p.path}/transfer`} class="row">
          <CsrfField csrf={csrf} />
          <div>
            <label for="to">{t("case.transferTo")}</label>
            <select id="to" name="to" required>
              {p.colleagues.map((s) => (
                <option value={s.id}>{`${s.displayName} (${t(`role.${s.role}`)})`}</option>
              ))}
            </select>
          </div>
          <div>
            <button type="submit" class="secondary">
              {t("case.transfer")}
            </button>
          </div>
        </form>
      ) : null}
      <form method="post" action={`${p.path}/close`} class="row">
        <CsrfField csrf={csrf} />
        <div>
          <label for="outcome">{t("case.outcome")}</label>
          <select id="outcome" name="outcome" required>
            {CASE_OUTCOMES.map((o) => (
              <option value={o}>{t(`outcome.${o}`)}</option>
            ))}
          </select>
        </div>
        <div>
          <button type="submit" class="secondary">
            {t("case.close")}
          </button>
        </div>
      </form>
    </section>
  );
}
