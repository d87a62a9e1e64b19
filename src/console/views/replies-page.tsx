// Admin: ready answers (canned replies) per language.
import { BASE, type ConsoleVars } from "../context.ts";
import type { ReadyAnswerRecord } from "../../core/ports.ts";
import { CsrfField, Flash, Layout } from "./layout.tsx";

type V = Pick<ConsoleVars, "t" | "lang" | "csrf" | "staff">;

function ReplyForm(props: { v: V; r?: ReadyAnswerRecord }) {
  const { t, csrf } = props.v;
  const id = props.r?.id ?? "new";
  return (
    <form method="post" action={`${BASE}/replies${props.r ? `/${props.r.id}` : ""}`}>
      <CsrfField csrf={csrf} />
      <label for={`locale-${id}`}>{t("case.language")}</label>
      <select id={`locale-${id}`} name="locale">
        {(["vi", "en"] as const).map((l) => (
          <option value={l} selected={(props.r?.locale ?? "vi") === l}>
            {t(`language.${l}`)}
          </option>
        ))}
      </select>
      <label for={`title-${id}`}>{t("replies.titleField")}</label>
      <input id={`title-${id}`} name="title" type="text" required maxlength={120} value={props.r?.title ?? ""} />
      <label for={`body-${id}`}>{t("replies.bodyField")}</label>
      <textarea id={`body-${id}`} name="body" required maxlength={4000}>
        {props.r?.body ?? ""}
      </textarea>
      <button type="submit">{t(props.r ? "replies.save" : "replies.add")}</button>
    </form>
  );
}

export function RepliesPage(props: { v: V; replies: ReadyAnswerRecord[]; ok?: string; err?: string }) {
  const { t, csrf } = props.v;
  return (
    <Layout v={props.v} title={t("replies.title")} path={`${BASE}/replies`}>
      <h1>{t("replies.title")}</h1>
      <Flash t={t} ok={props.ok} err={props.err} />
      <section class="card" aria-labelledby="new-reply">
        <h2 id="new-reply" style="margin-top:0">
          {t("replies.new")}
        </h2>
        <ReplyForm v={props.v} />
      </section>
      {props.replies.map((r) => (
        <section class="card">
          <ReplyForm v={props.v} r={r} />
          <form method="post" action={`${BASE}/replies/${r.id}/delete`} style="margin-top:8px">
            <CsrfField csrf={csrf} />
            <button type="submit" class="secondary">
              {t("replies.delete")}
            </button>
          </form>
        </section>
      ))}
    </Layout>
  );
}
