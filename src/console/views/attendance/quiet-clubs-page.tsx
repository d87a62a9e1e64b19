// Clubs that have not met this quarter, by area: words, not just colour (a "Not met this quarter" label and
// the last meeting's date or "never met" on every row). Supervisors see their provinces, admins all.
import type { AdminUnits } from "../../../core/areas/admin-units.ts";
import { areaLabel, localDate } from "../../../core/clubs/quiet-clubs.ts";
import type { QuietClub } from "../../../core/ports.ts";
import { BASE, type ConsoleVars } from "../../context.ts";
import { Layout } from "../layout.tsx";

type V = Pick<ConsoleVars, "t" | "lang" | "csrf" | "staff">;

export function QuietClubsPage(p: { v: V; areas: AdminUnits; quarter: number; year: number; clubs: QuietClub[] }) {
  const { t, lang } = p.v;
  const title = t("attendance:quiet.title", { quarter: p.quarter, year: p.year });
  const byProvince = new Map<number, QuietClub[]>();
  for (const c of p.clubs) byProvince.set(c.provinceCode, [...(byProvince.get(c.provinceCode) ?? []), c]);
  return (
    <Layout v={p.v} title={title} path={`${BASE}/quiet-clubs`}>
      <h1>{title}</h1>
      <p>{t("attendance:quiet.intro")}</p>
      {p.clubs.length === 0 ? <p class="card">{t("attendance:quiet.none")}</p> : <p>{t("attendance:quiet.count", { count: p.clubs.length })}</p>}
      {[...byProvince].map(([code, clubs]) => (
        <section aria-labelledby={`q-${code}`}>
          <h2 id={`q-${code}`}>
            {p.areas.province(code)?.name ?? String(code)} ({clubs.length})
          </h2>
          <ul class="queue">
            {clubs.map((c) => (
              <li class="card" data-testid="quiet-club">
                <strong>{c.name}</strong> <span class="badge p1">{t("attendance:quiet.badge")}</span>
                <dl class="meta">
                  <dt>{t("attendance:quiet.kind")}</dt>
                  <dd>{t(`attendance:quiet.kinds.${c.kind}`)}</dd>
                  <dt>{t("attendance:quiet.area")}</dt>
                  <dd>{areaLabel(p.areas, c)}</dd>
                  <dt>{t("attendance:quiet.last")}</dt>
                  <dd>{c.lastHeldAt ? t("attendance:quiet.lastMet", { date: localDate(c.lastHeldAt, lang) }) : t("attendance:quiet.neverMet")}</dd>
                </dl>
              </li>
            ))}
          </ul>
        </section>
      ))}
    </Layout>
  );
}
