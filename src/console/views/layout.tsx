// The console's page frame: mobile first (usable at 360px), one column, large tap targets, visible
// focus, AA contrast. All text goes through JSX, which escapes it; raw() is used only for our own CSS.
import type { Child } from "hono/jsx";
import { raw } from "hono/html";
import { BASE, type ConsoleVars } from "../context.ts";
import type { StaffRecord } from "../../core/ports.ts";

const STYLE = `
:root{--bg:#f5f6f3;--ink:#17231d;--muted:#45544c;--brand:#0b5e44;--line:#c9d3cc;--warn:#8a1c1c;--crisis:#a3121b;--high:#8a4b00;--card:#fff}
*{box-sizing:border-box}body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",sans-serif;background:var(--bg);color:var(--ink)}
a{color:var(--brand)}.skip{position:absolute;left:-999px}.skip:focus{left:8px;top:8px;background:#fff;padding:8px;z-index:9}
header{background:var(--brand);color:#fff;padding:8px 12px;display:flex;flex-wrap:wrap;gap:8px 16px;align-items:center}
header a,header button.link{color:#fff}header .brand{font-weight:700;margin-right:auto}
nav ul{list-style:none;margin:0;padding:0;display:flex;flex-wrap:wrap;gap:4px 14px}
main{max-width:860px;margin:0 auto;padding:12px}
h1{font-size:1.3rem;margin:8px 0 12px}h2{font-size:1.1rem;margin:20px 0 8px}
.card{background:var(--card);border:1px solid var(--line);border-radius:10px;padding:12px;margin:0 0 10px}
.flash{padding:10px 12px;border-radius:8px;margin:0 0 12px;background:#e6f3ec;border:1px solid #9cc9b0}
.flash.err{background:#fff1f1;border-color:#e0a7a7;color:var(--warn)}
label{display:block;font-weight:600;margin:10px 0 4px}
input[type=text],input[type=email],input[type=password],input[type=search],select,textarea{font:inherit;width:100%;max-width:100%;padding:10px;border:1px solid #7d8f85;border-radius:8px;background:#fff;color:var(--ink)}
textarea{min-height:110px}
button,.button{font:inherit;font-weight:600;min-height:44px;padding:8px 16px;border-radius:8px;border:1px solid var(--brand);background:var(--brand);color:#fff;cursor:pointer;text-decoration:none;display:inline-block}
button.secondary,.button.secondary{background:#fff;color:var(--brand)}button.link{background:none;border:0;padding:0;min-height:0;text-decoration:underline;font-weight:400}
:focus-visible{outline:3px solid #f2b705;outline-offset:2px}
.row{display:flex;flex-wrap:wrap;gap:8px;align-items:end}.row>*{flex:1 1 140px}
.inline{display:inline}.muted{color:var(--muted);font-size:.9rem}
.queue{list-style:none;padding:0;margin:0}.queue li{margin:0 0 10px}
.badge{display:inline-block;font-size:.8rem;font-weight:700;padding:2px 8px;border-radius:99px;border:1px solid currentColor}
.p0{color:var(--crisis)}.p1{color:var(--high)}.p2{color:var(--muted)}
.card.overdue{border:2px solid var(--crisis);background:#fff1f1}.overdue-note{color:var(--crisis)}
.meta{display:grid;grid-template-columns:auto 1fr;gap:2px 10px;margin:0}.meta dt{color:var(--muted)}.meta dd{margin:0}
.thread{list-style:none;padding:0;margin:0}.thread li{border:1px solid var(--line);border-radius:10px;padding:8px 10px;margin:6px 0;background:#fff;white-space:pre-wrap;overflow-wrap:anywhere}
.thread li.out{margin-left:12%;background:#e9f4ee}.thread li.bot{opacity:.85}.who{display:block;font-size:.8rem;color:var(--muted);white-space:normal}
table{border-collapse:collapse;width:100%;font-size:.9rem}th,td{text-align:left;border-bottom:1px solid var(--line);padding:6px 4px;vertical-align:top}
fieldset.areas{border:1px solid var(--line);border-radius:8px;margin:10px 0;padding:4px 10px 8px}fieldset.areas legend{font-weight:600;padding:0 4px}
.area-list{max-height:13rem;overflow-y:auto}label.check{font-weight:400;display:flex;gap:10px;align-items:center;min-height:40px;margin:0}label.check input{width:20px;height:20px}
.casebar{position:sticky;top:0;z-index:5;display:flex;justify-content:space-between;align-items:center;gap:8px;background:var(--bg);padding:6px 0;border-bottom:1px solid var(--line)}
.badge.new{color:#fff;background:var(--brand);border-color:var(--brand)}.card.unread{border-left:5px solid var(--brand)}.thread li.unread{border-color:var(--brand);border-width:2px}
.filters .row>*{flex:1 1 130px}.ready-results{list-style:none;padding:0;margin:6px 0;max-height:16rem;overflow-y:auto}.ready-results li{margin:4px 0}
.ready-results button{width:100%;text-align:left;background:#fff;color:var(--ink);border-color:var(--line);font-weight:400}.ready-results button b{display:block}
.js .js-hide{display:none}html:not(.js) .js-only{display:none}
.sr-only{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0)}
`;

export function CsrfField(props: { csrf: string }) {
  return <input type="hidden" name="_csrf" value={props.csrf} />;
}

export function Flash(props: { t: ConsoleVars["t"]; ok?: string | undefined; err?: string | undefined }) {
  return (
    <>
      {props.ok ? (
        <p class="flash" role="status">
          {props.t(`flash.${props.ok}`)}
        </p>
      ) : null}
      {props.err ? (
        <p class="flash err" role="alert">
          {props.t(`errors.${props.err}`)}
        </p>
      ) : null}
    </>
  );
}

export interface LayoutProps {
  v: Pick<ConsoleVars, "t" | "lang" | "csrf" | "staff">;
  title: string;
  /** Seconds: without JavaScript the page reloads itself this often (the live script does better). */
  refresh?: number;
  /** A script of ours to load (same origin, deferred). */
  script?: string;
  path?: string;
  children?: Child;
}

function Nav(props: { v: LayoutProps["v"]; staff: StaffRecord }) {
  const { t, csrf } = props.v;
  return (
    <nav aria-label={t("nav.label")}>
      <ul>
        {props.staff.role === "club_leader" ? null : (
          <>
            <li>
              <a href={BASE}>{t("nav.queue")}</a>
            </li>
            <li>
              <a href={`${BASE}/directory`}>{t("directory:nav")}</a>
            </li>
          </>
        )}
        {props.staff.role === "counsellor" ? null : (
          <li>
            <a href={`${BASE}/clubs`}>{t("clubs:console.nav")}</a>
          </li>
        )}
        {["admin", "supervisor", "club_leader"].includes(props.staff.role) ? (
          <li>
            <a href={`${BASE}/broadcasts`}>{t("broadcasts:console.nav")}</a>
          </li>
        ) : null}
        <li>
          <a href={`${BASE}/me`}>{t("nav.me")}</a>
        </li>
        {props.staff.role === "admin" || props.staff.role === "supervisor" ? (
          <>
            <li>
              <a href={`${BASE}/quiet-clubs`}>{t("attendance:nav.quiet")}</a>
            </li>
            <li>
              <a href={`${BASE}/reports`}>{t("reports:nav")}</a>
            </li>
          </>
        ) : null}
        {props.staff.role === "admin" ? (
          <>
            <li>
              <a href={`${BASE}/staff`}>{t("nav.staff")}</a>
            </li>
            <li>
              <a href={`${BASE}/replies`}>{t("nav.replies")}</a>
            </li>
            <li>
              <a href={`${BASE}/audit`}>{t("nav.audit")}</a>
            </li>
          </>
        ) : null}
        <li>
          <form method="post" action={`${BASE}/logout`} class="inline">
            <CsrfField csrf={csrf} />
            <button type="submit" class="link">
              {t("nav.logout")}
            </button>
          </form>
        </li>
        <li>
          <form method="post" action={`${BASE}/logout-all`} class="inline">
            <CsrfField csrf={csrf} />
            <button type="submit" class="link">
              {t("nav.logoutAll")}
            </button>
          </form>
        </li>
      </ul>
    </nav>
  );
}

/** The head lines every console page carries: phone width, no referrer to outside links, not indexed. */
export function ConsoleMeta() {
  return (
    <>
      <meta charset="utf-8" />
      <meta name="viewport" content="width=device-width, initial-scale=1" />
      <meta name="referrer" content="no-referrer" />
      <meta name="robots" content="noindex" />
    </>
  );
}

export function Layout(props: LayoutProps) {
  const { t, lang, staff } = props.v;
  const other = lang === "vi" ? "en" : "vi";
  const here = props.path ?? BASE;
  return (
    <html lang={lang}>
      <head>
        <ConsoleMeta />
        {props.refresh ? (
          <noscript>
            <meta http-equiv="refresh" content={String(props.refresh)} />
          </noscript>
        ) : null}
        {props.script ? <script src={props.script} defer></script> : null}
        <title>{`${props.title} · ${t("app.name")}`}</title>
        <style>{raw(STYLE)}</style>
      </head>
      <body>
        <a class="skip" href="#main">
          {t("nav.skip")}
        </a>
        <header>
          <span class="brand">{t("app.name")}</span>
          {staff ? <Nav v={props.v} staff={staff} /> : null}
          <a href={`${here}?lang=${other}`} lang={other} hreflang={other}>
            {other === "en" ? "English" : "Tiếng Việt"}
          </a>
        </header>
        <main id="main" tabindex={-1}>
          {props.children}
        </main>
      </body>
    </html>
  );
}
