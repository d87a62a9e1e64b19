// A meeting's page: its facts, the RSVP counts and list (the live part, swapped in by club-meeting.js
// when its signature changes), the edit form and the cancel button; plus the meeting form itself.
import { formatMeetingTime, toLocalFields } from "../../core/clubs/meeting-time.ts";
import { RSVP_ANSWERS, type ClubRecord, type MeetingRecord, type RsvpRecord } from "../../core/ports.ts";
import { BASE, type ConsoleVars } from "../context.ts";
import { CsrfField, Flash, Layout } from "./layout.tsx";

type V = Pick<ConsoleVars, "t" | "lang" | "csrf" | "staff">;

export interface MeetingFormValues {
  date: string;
  time: string;
  place: string;
  agendaVi: string;
  agendaEn: string;
}

export const meetingFormValues = (m: MeetingRecord): MeetingFormValues => ({
  ...toLocalFields(m.startsAt),
  place: m.place,
  agendaVi: m.agendaVi,
  agendaEn: m.agendaEn,
});

export function FormErrors(p: { v: V; errors: string[] }) {
  if (p.errors.length === 0) return null;
  return (
    <div class="flash err" role="alert">
      <ul>
        {p.errors.map((e) => (
          <li>{p.v.t(`clubs:console.errors.${e}`)}</li>
        ))}
      </ul>
    </div>
  );
}

export function MeetingForm(p: { v: V; action: string; values?: MeetingFormValues | undefined; errors: string[]; submit: string }) {
  const { t } = p.v;
  const v = p.values ?? { date: "", time: "", place: "", agendaVi: "", agendaEn: "" };
  return (
    <form method="post" action={p.action} class="card" novalidate>
      <FormErrors v={p.v} errors={p.errors} />
      <CsrfField csrf={p.v.csrf} />
      <div class="row">
        <div>
          <label for="m-date">{t("clubs:console.date")}</label>
          <input type="date" id="m-date" name="date" value={v.date} required />
        </div>
        <div>
          <label for="m-time">{t("clubs:console.time")}</label>
          <input type="time" id="m-time" name="time" value={v.time} required />
        </div>
      </div>
      <label for="m-place">{t("clubs:console.place")}</label>
      <input type="text" id="m-place" name="place" value={v.place} maxlength={200} required />
      <label for="m-agenda-vi">{t("clubs:console.agendaVi")}</label>
      <textarea id="m-agenda-vi" name="agendaVi" maxlength={1000}>
        {v.agendaVi}
      </textarea>
      <label for="m-agenda-en">{t("clubs:console.agendaEn")}</label>
      <textarea id="m-agenda-en" name="agendaEn" maxlength={1000}>
        {v.agendaEn}
      </textarea>
      <p class="muted">{t("clubs:console.timeHint")}</p>
      <p>
        <button type="submit">{p.submit}</button>
      </p>
    </form>
  );
}

export function RsvpPanel(p: { v: V; rsvps: RsvpRecord[]; signature: string }) {
  const { t, lang } = p.v;
  const count = (a: string) => p.rsvps.filter((r) => r.answer === a).length;
  return (
    <section id="rsvps" data-signature={p.signature} aria-live="polite">
      <p class="card">
        {RSVP_ANSWERS.map((a) => (
          <span>
            {t(`clubs:console.rsvp.${a}`)}: <b data-testid={`rsvp-${a}`}>{count(a)}</b>{" "}
          </span>
        ))}
      </p>
      {p.rsvps.length === 0 ? (
        <p class="muted">{t("clubs:console.noRsvps")}</p>
      ) : (
        <table>
          <tbody>
            {p.rsvps.map((r) => (
              <tr>
                <td>{r.displayName}</td>
                <td>{t(`clubs:console.rsvp.${r.answer}`)}</td>
                <td class="muted">{formatMeetingTime(r.answeredAt, lang)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

export interface MeetingPageProps {
  v: V;
  club: ClubRecord;
  meeting: MeetingRecord;
  rsvps: RsvpRecord[];
  signature: string;
  form?: MeetingFormValues;
  errors?: string[];
  ok?: string;
  err?: string;
}

export function MeetingPage(p: MeetingPageProps) {
  const { t, lang } = p.v;
  const m = p.meeting;
  const base = `${BASE}/clubs/${p.club.id}/meetings/${m.id}`;
  return (
    <Layout v={p.v} title={p.club.name} path={base} script={`${BASE}/club-meeting.js`}>
      <p>
        <a href={`${BASE}/clubs/${p.club.id}`}>← {p.club.name}</a>
      </p>
      <h1>{formatMeetingTime(m.startsAt, lang)}</h1>
      <Flash t={t} ok={p.ok} err={p.err} />
      <dl class="meta card">
        <dt>{t("clubs:console.place")}</dt>
        <dd>{m.place}</dd>
        <dt>{t("clubs:console.status")}</dt>
        <dd>
          <span class="badge">{t(`clubs:console.statuses.${m.status}`)}</span>
        </dd>
        <dt>{t("clubs:console.agendaVi")}</dt>
        <dd>{m.agendaVi}</dd>
        <dt>{t("clubs:console.agendaEn")}</dt>
        <dd>{m.agendaEn}</dd>
      </dl>
      {m.status !== "cancelled" ? (
        <p>
          <a href={`${base}/attendance`}>{t("attendance:page.link")}</a>
        </p>
      ) : null}
      <h2>{t("clubs:console.rsvps")}</h2>
      <RsvpPanel v={p.v} rsvps={p.rsvps} signature={p.signature} />
      {m.status === "scheduled" ? (
        <>
          <h2>{t("clubs:console.editMeeting")}</h2>
          <MeetingForm v={p.v} action={base} values={p.form ?? meetingFormValues(m)} errors={p.errors ?? []} submit={t("clubs:console.saveMeeting")} />
          <form method="post" action={`${base}/cancel`} class="card">
            <CsrfField csrf={p.v.csrf} />
            <p class="muted">{t("clubs:console.cancelHint")}</p>
            <button type="submit" class="secondary">
              {t("clubs:console.cancelMeeting")}
            </button>
          </form>
        </>
      ) : null}
    </Layout>
  );
}
