// The lower half of the case page: the thread with delivery status, the reply box with ready
// answers, internal notes and the audit trail. Every text goes through JSX and is escaped.
import { BASE, type ConsoleVars } from "../context.ts";
import type { AuditRecord, CaseMessage } from "../../core/ports.ts";
import { MAX_REPLY_LENGTH } from "../../core/cases/case-rules.ts";
import type { CasePageProps } from "./case-page.tsx";
import { dateTime } from "./format.ts";
import { CsrfField } from "./layout.tsx";

type V = Pick<ConsoleVars, "t" | "lang" | "csrf" | "staff">;

function messageText(m: CaseMessage, t: V["t"]): string {
  if (m.removedAfterDays !== null) return t("retention:removed", { days: m.removedAfterDays });
  const b = m.body;
  switch (b.kind) {
    case "text":
      return b.text;
    case "options":
      return `${b.text}\n${b.options.map((o, i) => `${i + 1}. ${o.label}`).join("\n")}`;
    case "link":
      return `${b.text}\n${b.label}: ${b.url}`;
    case "crisis":
      return b.text;
    case "choice":
      return t("thread.choice", { option: b.optionId });
    case "start":
      return t("thread.start");
    case "unsupported":
      return t("thread.unsupported");
  }
}

/** The thread, oldest first; the person's messages after `unreadAfter` are marked new. */
export function Thread(props: { v: V; messages: CaseMessage[]; unreadAfter: Date }) {
  const { t, lang } = props.v;
  if (props.messages.length === 0) return <p class="muted">{t("thread.empty")}</p>;
  return (
    <ol class="thread" aria-labelledby="thread">
      {props.messages.map((m) => {
        const unread = m.author === "person" && m.createdAt > props.unreadAfter;
        return (
          <li class={`${m.direction === "outbound" ? "out" : "in"} ${m.author}${unread ? " unread" : ""}`} data-seq={String(m.seq)}>
            <span class="who">
              {unread ? (
                <>
                  <span class="badge new">{t("thread.new")}</span>{" "}
                </>
              ) : null}
              {t(`thread.${m.author}`)} · <time datetime={m.createdAt.toISOString()}>{dateTime(m.createdAt, lang)}</time>
              {m.direction === "outbound" ? ` · ${t(`delivery.${m.status}`)}` : ""}
            </span>
            {messageText(m, t)}
          </li>
        );
      })}
    </ol>
  );
}

/**
 * The reply box. Ready answers: without JavaScript a GET form puts the chosen one in the box (a reload);
 * with case.js it is inserted where the cursor is, and "/" opens a search over titles and texts.
 */
export function ReplyBox(p: CasePageProps & { path: string }) {
  const { t, csrf } = p.v;
  return (
    <section class="card" aria-labelledby="reply" id="reply-box">
      <h2 id="reply" style="margin-top:0">
        {t("reply.title")}
      </h2>
      {p.canned.length > 0 ? (
        <>
          <form method="get" action={p.path} class="row" id="ready-form">
            <div>
              <label for="use">{t("reply.canned")}</label>
              <select id="use" name="use">
                {p.canned.map((r) => (
                  <option value={r.id} data-body={r.body}>
                    {r.title}
                  </option>
                ))}
              </select>
            </div>
            <div>
              <button type="submit" class="secondary">
                {t("reply.useCanned")}
              </button>
            </div>
          </form>
          <div id="ready-search-box" hidden>
            <label for="ready-search">{t("reply.search")}</label>
            <input id="ready-search" type="search" autocomplete="off" aria-controls="ready-results" aria-describedby="ready-search-hint" />
            <p id="ready-search-hint" class="muted">
              {t("reply.searchHint")}
            </p>
            <ul id="ready-results" class="ready-results" data-none={t("reply.searchNone")}></ul>
          </div>
        </>
      ) : null}
      <form method="post" action={`${p.path}/reply`}>
        <CsrfField csrf={csrf} />
        <label for="text">{t("reply.label", { language: t(`language.${p.c.locale}`) })}</label>
        <textarea id="text" name="text" maxlength={MAX_REPLY_LENGTH} required aria-describedby="reply-hint">
          {p.draft}
        </textarea>
        <p id="reply-hint" class="muted">
          {t("reply.hint")} {p.canned.length > 0 ? <span class="js-only">{t("reply.slashHint")}</span> : null}
        </p>
        <button type="submit">{t("reply.send")}</button>
      </form>
    </section>
  );
}

export function Notes(p: CasePageProps & { path: string }) {
  const { t, csrf, lang } = p.v;
  return (
    <section class="card" aria-labelledby="notes">
      <h2 id="notes" style="margin-top:0">
        {t("notes.title")}
      </h2>
      <p class="muted">{t("notes.hint")}</p>
      <ul class="thread">
        {p.notes.map((n) => (
          <li>
            <span class="who">
              {n.author} · {dateTime(n.createdAt, lang)}
            </span>
            {n.removedAfterDays !== null ? <span class="muted">{t("retention:removed", { days: n.removedAfterDays })}</span> : n.body}
          </li>
        ))}
      </ul>
      <form method="post" action={`${p.path}/notes`}>
        <CsrfField csrf={csrf} />
        <label for="note">{t("notes.label")}</label>
        <textarea id="note" name="text" maxlength={MAX_REPLY_LENGTH} required></textarea>
        <button type="submit" class="secondary">
          {t("notes.add")}
        </button>
      </form>
    </section>
  );
}

export function AuditTrail(props: { v: V; rows: AuditRecord[]; showCase?: boolean }) {
  const { t, lang } = props.v;
  return (
    <section class="card" aria-labelledby="audit">
      <h2 id="audit" style="margin-top:0">
        {t("audit.title")}
      </h2>
      <div style="overflow-x:auto">
        <table>
          <thead>
            <tr>
              <th scope="col">{t("audit.when")}</th>
              <th scope="col">{t("audit.who")}</th>
              <th scope="col">{t("audit.what")}</th>
              {props.showCase ? <th scope="col">{t("audit.case")}</th> : null}
            </tr>
          </thead>
          <tbody>
            {props.rows.map((r) => (
              <tr>
                <td>{dateTime(r.at, lang)}</td>
                <td>{r.actorName ?? "—"}</td>
                <td>
                  {t(`audit.actions.${r.action}`, { defaultValue: r.action })}
                  {typeof r.details.outcome === "string" ? ` (${t(`outcome.${r.details.outcome}`)})` : ""}
                  {r.targetName ? ` → ${r.targetName}` : ""}
                </td>
                {props.showCase ? <td>{r.caseHandle ? <a href={`${BASE}/cases/${r.caseHandle}`}>#{r.caseHandle}</a> : "—"}</td> : null}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
