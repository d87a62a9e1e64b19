// The clubs pages: the list with the create form (admins, supervisors), and one club's page: its join
// code and link, leaders and the club's settings (admins and supervisors), members and meetings, and the
// form for a new meeting. Members appear by the name they chose for the leader, never by any messenger detail.
import type { AdminUnits } from "../../core/areas/admin-units.ts";
import { CLUB_KINDS, type ClubMemberRecord, type ClubRecord, type MeetingRecord, type StaffRecord } from "../../core/ports.ts";
import { BASE, type ConsoleVars } from "../context.ts";
import { CsrfField, Flash, Layout } from "./layout.tsx";
import { FormErrors, MeetingForm, type MeetingFormValues } from "./meeting-pages.tsx";
import { formatMeetingTime } from "../../core/clubs/meeting-time.ts";

type V = Pick<ConsoleVars, "t" | "lang" | "csrf" | "staff">;
export const CLUBS = `${BASE}/clubs`;

const areaName = (areas: AdminUnits, club: Pick<ClubRecord, "provinceCode" | "wardCode">): string =>
  [club.wardCode ? areas.ward(club.wardCode)?.name : null, areas.province(club.provinceCode)?.name].filter(Boolean).join(", ");
const day = (d: Date, lang: string) => formatMeetingTime(d, lang).split(" ").at(-1) ?? "";

export interface ClubListProps {
  v: V;
  clubs: ClubRecord[];
  areas: AdminUnits;
  /** The provinces the create form offers; null when the staff member may not create clubs. */
  provinces: Array<{ code: number; name: string }> | null;
  errors?: string[];
  ok?: string;
  err?: string;
}

export function ClubListPage(p: ClubListProps) {
  const { t } = p.v;
  return (
    <Layout v={p.v} title={t("clubs:console.title")} path={CLUBS}>
      <h1>{t("clubs:console.title")}</h1>
      <Flash t={t} ok={p.ok} err={p.err} />
      {p.clubs.length === 0 ? <p class="muted">{t("clubs:console.none")}</p> : null}
      <ul class="queue">
        {p.clubs.map((c) => (
          <li class="card">
            <a href={`${CLUBS}/${c.id}`}>
              <b>{c.name}</b>
            </a>{" "}
            <span class="muted">
              {t(`clubs:console.kinds.${c.kind}`)} · {areaName(p.areas, c)} · {t("clubs:console.memberCount", { count: c.memberCount })}
            </span>{" "}
            {c.active ? null : <span class="badge">{t("clubs:console.inactive")}</span>}
          </li>
        ))}
      </ul>
      {p.provinces ? <CreateClubForm v={p.v} provinces={p.provinces} errors={p.errors ?? []} /> : null}
    </Layout>
  );
}

type Provinces = Array<{ code: number; name: string }>;

/** Name, kind and province: empty for a new club, the club's own when changing it. */
function ClubFields(p: { v: V; provinces: Provinces; club?: ClubRecord }) {
  const { t } = p.v;
  const id = p.club ? "club-edit" : "club";
  return (
    <>
      <label for={`${id}-name`}>{t("clubs:console.name")}</label>
      <input type="text" id={`${id}-name`} name="name" required maxlength={120} value={p.club?.name} />
      <label for={`${id}-kind`}>{t("clubs:console.kind")}</label>
      <select id={`${id}-kind`} name="kind">
        {CLUB_KINDS.map((k) => (
          <option value={k} selected={p.club?.kind === k}>
            {t(`clubs:console.kinds.${k}`)}
          </option>
        ))}
      </select>
      <label for={`${id}-province`}>{t("clubs:console.province")}</label>
      <select id={`${id}-province`} name="province">
        {p.provinces.map((pr) => (
          <option value={String(pr.code)} selected={p.club?.provinceCode === pr.code}>
            {pr.name}
          </option>
        ))}
      </select>
    </>
  );
}

function CreateClubForm(p: { v: V; provinces: Provinces; errors: string[] }) {
  const { t } = p.v;
  return (
    <form method="post" action={CLUBS} class="card">
      <h2>{t("clubs:console.create")}</h2>
      <FormErrors v={p.v} errors={p.errors} />
      <CsrfField csrf={p.v.csrf} />
      <ClubFields v={p.v} provinces={p.provinces} />
      <p>
        <button type="submit">{t("clubs:console.createButton")}</button>
      </p>
    </form>
  );
}

/** Admins and supervisors: change the club, give it a new join code, deactivate or reactivate it. */
function ClubSettings(p: { v: V; club: ClubRecord; provinces: Provinces; errors: string[] }) {
  const { t } = p.v;
  const base = `${CLUBS}/${p.club.id}`;
  return (
    <section class="card" aria-labelledby="club-settings">
      <h2 id="club-settings">{t("clubs:console.settings")}</h2>
      <form method="post" action={`${base}/edit`}>
        <CsrfField csrf={p.v.csrf} />
        <FormErrors v={p.v} errors={p.errors} />
        <ClubFields v={p.v} provinces={p.provinces} club={p.club} />
        <p>
          <button type="submit">{t("clubs:console.saveClub")}</button>
        </p>
      </form>
      <form method="post" action={`${base}/code`}>
        <CsrfField csrf={p.v.csrf} />
        <p class="muted">{t("clubs:console.newCodeHint")}</p>
        <button type="submit" class="secondary">
          {t("clubs:console.newCode")}
        </button>
      </form>
      <form method="post" action={`${base}/active`}>
        <CsrfField csrf={p.v.csrf} />
        <input type="hidden" name="active" value={p.club.active ? "0" : "1"} />
        <p class="muted">{t(p.club.active ? "clubs:console.deactivateHint" : "clubs:console.reactivateHint")}</p>
        <button type="submit" class="secondary">
          {t(p.club.active ? "clubs:console.deactivate" : "clubs:console.reactivate")}
        </button>
      </form>
    </section>
  );
}

export interface ClubPageProps {
  v: V;
  club: ClubRecord;
  areas: AdminUnits;
  members: ClubMemberRecord[];
  meetings: MeetingRecord[];
  deepLink: string | null;
  /** club_leader accounts to choose from; null when the viewer may not assign leaders. */
  leaderChoices: StaffRecord[] | null;
  /** The provinces the club may move to; null when the viewer may not change the club. */
  provinces: Provinces | null;
  form?: MeetingFormValues;
  errors?: string[];
  editErrors?: string[];
  ok?: string;
  err?: string;
}

export function ClubPage(p: ClubPageProps) {
  const { t, lang } = p.v;
  const c = p.club;
  return (
    <Layout v={p.v} title={c.name} path={`${CLUBS}/${c.id}`}>
      <p>
        <a href={CLUBS}>← {t("clubs:console.title")}</a>
      </p>
      <h1>
        {c.name} {c.active ? null : <span class="badge">{t("clubs:console.inactive")}</span>}
      </h1>
      <Flash t={t} ok={p.ok} err={p.err} />
      <dl class="meta card">
        <dt>{t("clubs:console.kind")}</dt>
        <dd>{t(`clubs:console.kinds.${c.kind}`)}</dd>
        <dt>{t("clubs:console.area")}</dt>
        <dd>{areaName(p.areas, c)}</dd>
        <dt>{t("clubs:console.code")}</dt>
        <dd>
          <b data-testid="join-code">{c.joinCode}</b>
        </dd>
        <dt>{t("clubs:console.link")}</dt>
        <dd>{p.deepLink ?? t("clubs:console.linkUnknown", { payload: `club_${c.joinCode}` })}</dd>
        <dt>{t("clubs:console.leaders")}</dt>
        <dd>{c.leaders.map((l) => l.displayName).join(", ") || t("clubs:console.noLeaders")}</dd>
      </dl>
      <p class="muted">{t("clubs:console.shareHint")}</p>
      {p.leaderChoices ? <LeadersForm v={p.v} club={c} choices={p.leaderChoices} /> : null}
      {p.provinces ? <ClubSettings v={p.v} club={c} provinces={p.provinces} errors={p.editErrors ?? []} /> : null}

      <h2>{t("clubs:console.meetings")}</h2>
      {p.meetings.length === 0 ? <p class="muted">{t("clubs:console.noMeetings")}</p> : null}
      <ul class="queue">
        {p.meetings.map((m) => (
          <li class="card">
            <a href={`${CLUBS}/${c.id}/meetings/${m.id}`}>{formatMeetingTime(m.startsAt, lang)}</a> · {m.place}{" "}
            <span class="badge">{t(`clubs:console.statuses.${m.status}`)}</span>
          </li>
        ))}
      </ul>
      <MeetingForm v={p.v} action={`${CLUBS}/${c.id}/meetings`} values={p.form} errors={p.errors ?? []} submit={t("clubs:console.createMeeting")} />

      <h2>{t("clubs:console.members", { count: p.members.length })}</h2>
      {p.members.length === 0 ? (
        <p class="muted">{t("clubs:console.noMembers")}</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th>{t("clubs:console.memberName")}</th>
              <th>{t("clubs:console.joined")}</th>
              <th>{t("clubs:console.followUp")}</th>
            </tr>
          </thead>
          <tbody>
            {p.members.map((m) => (
              <tr>
                <td>{m.displayName}</td>
                <td>{day(m.joinedAt, lang)}</td>
                <td>{m.followUp ? t("clubs:console.yes") : t("clubs:console.no")}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Layout>
  );
}

function LeadersForm(p: { v: V; club: ClubRecord; choices: StaffRecord[] }) {
  const { t } = p.v;
  const chosen = new Set(p.club.leaders.map((l) => l.id));
  return (
    <form method="post" action={`${CLUBS}/${p.club.id}/leaders`} class="card">
      <CsrfField csrf={p.v.csrf} />
      <fieldset class="areas">
        <legend>{t("clubs:console.assignLeaders")}</legend>
        {p.choices.length === 0 ? <p class="muted">{t("clubs:console.noLeaderAccounts")}</p> : null}
        {p.choices.map((s) => (
          <label class="check">
            <input type="checkbox" name="leader" value={s.id} checked={chosen.has(s.id)} /> {s.displayName}
          </label>
        ))}
      </fieldset>
      <button type="submit" class="secondary">
        {t("clubs:console.saveLeaders")}
      </button>
    </form>
  );
}
