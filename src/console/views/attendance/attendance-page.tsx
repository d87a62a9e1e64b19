// A meeting's attendance: held (present/absent per member with an optional reason, walk-ins, the total)
// or not held with a reason; recording again replaces the record. Plain forms, no script needed. The
// member check-in switch sits below. Members appear by the name they chose for the leader.
import { BASE, type ConsoleVars } from "../../context.ts";
import { ABSENT_REASONS, NOT_HELD_REASONS, type AttendanceLine, type AttendanceMeeting } from "../../../core/ports.ts";
import { dateTime } from "../format.ts";
import { CsrfField, Flash, Layout } from "../layout.tsx";

type V = Pick<ConsoleVars, "t" | "lang" | "csrf" | "staff">;

export interface AttendancePageProps {
  v: V;
  meeting: AttendanceMeeting;
  lines: AttendanceLine[];
  ok?: string | undefined;
  err?: string | undefined;
  /** Keys under attendance:errors. */
  problems?: string[];
}

export const attendancePath = (m: Pick<AttendanceMeeting, "clubId" | "id">): string => `${BASE}/clubs/${m.clubId}/meetings/${m.id}/attendance`;

export function AttendancePage(p: AttendancePageProps) {
  const { t, lang, csrf } = p.v;
  const m = p.meeting;
  const path = attendancePath(m);
  const present = p.lines.filter((l) => l.present === true).length;
  return (
    <Layout v={p.v} title={t("attendance:page.title")} path={path}>
      <p>
        <a href={`${BASE}/clubs/${m.clubId}/meetings/${m.id}`}>← {t("attendance:page.back")}</a>
      </p>
      <h1>{t("attendance:page.title")}</h1>
      <p>
        <strong>{t("attendance:page.meeting", { club: m.clubName, date: dateTime(m.startsAt, lang) })}</strong>
      </p>
      <p data-testid="attendance-status">
        {t("attendance:page.currentStatus", { status: t(`attendance:page.status.${m.status}`) })}
        {m.status === "not_held" && m.notHeldReason ? ` (${t(`attendance:page.notHeldReasons.${m.notHeldReason}`)})` : ""}
        {m.status === "held" ? `. ${t("attendance:page.recorded", { present, walkIns: m.walkIns, total: m.participantsTotal })}` : ""}
      </p>
      <Flash t={t} ok={p.ok} err={p.err} />
      {p.problems && p.problems.length > 0 ? (
        <div class="flash err" role="alert">
          <ul>
            {p.problems.map((k) => (
              <li>{t(`attendance:errors.${k}`)}</li>
            ))}
          </ul>
        </div>
      ) : null}
      <form method="post" action={path} class="card">
        <CsrfField csrf={csrf} />
        <input type="hidden" name="outcome" value="held" />
        <h2>{t("attendance:page.outcomeHeld")}</h2>
        {p.lines.length === 0 ? <p>{t("attendance:page.noMembers")}</p> : <MemberTable t={t} lines={p.lines} />}
        <div class="row">
          <div>
            <label for="a-walkins">{t("attendance:page.walkIns")}</label>
            <input id="a-walkins" type="text" inputmode="numeric" name="walkIns" value={String(m.walkIns)} maxlength={6} />
          </div>
          <div>
            <label for="a-total">{t("attendance:page.participantsTotal")}</label>
            <input
              id="a-total"
              type="text"
              inputmode="numeric"
              name="participantsTotal"
              value={m.status === "held" ? String(m.participantsTotal) : ""}
              maxlength={6}
              aria-describedby="a-total-hint"
            />
          </div>
        </div>
        <p id="a-total-hint" class="muted">
          {t("attendance:page.participantsHint")}
        </p>
        <button type="submit">{t("attendance:page.save")}</button>
      </form>
      <form method="post" action={path} class="card">
        <CsrfField csrf={csrf} />
        <input type="hidden" name="outcome" value="not_held" />
        <h2>{t("attendance:page.outcomeNotHeld")}</h2>
        <label for="a-reason">{t("attendance:page.notHeldReason")}</label>
        <select id="a-reason" name="reason">
          <option value="">—</option>
          {NOT_HELD_REASONS.map((r) => (
            <option value={r} selected={m.notHeldReason === r}>
              {t(`attendance:page.notHeldReasons.${r}`)}
            </option>
          ))}
        </select>
        <p>
          <button type="submit" class="secondary">
            {t("attendance:page.saveNotHeld")}
          </button>
        </p>
      </form>
      <form method="post" action={`${path}/check-in`} class="card">
        <CsrfField csrf={csrf} />
        <h2>{t("attendance:page.checkIn")}</h2>
        <p class="muted">{t("attendance:page.checkInHint")}</p>
        <p>
          <strong>{m.checkInEnabled ? t("attendance:page.checkInOn") : t("attendance:page.checkInOff")}</strong>
        </p>
        <input type="hidden" name="enabled" value={m.checkInEnabled ? "0" : "1"} />
        <button type="submit" class="secondary">
          {m.checkInEnabled ? t("attendance:page.turnOff") : t("attendance:page.turnOn")}
        </button>
      </form>
    </Layout>
  );
}

function MemberTable(p: { t: V["t"]; lines: AttendanceLine[] }) {
  const { t } = p;
  return (
    <table>
      <caption class="sr-only">{t("attendance:page.members")}</caption>
      <thead>
        <tr>
          <th scope="col">{t("attendance:page.member")}</th>
          <th scope="col">{t("attendance:page.rsvp")}</th>
          <th scope="col">{t("attendance:page.present")}</th>
          <th scope="col">{t("attendance:page.reason")}</th>
        </tr>
      </thead>
      <tbody>
        {p.lines.map((l) => (
          <tr>
            <td>
              <input type="hidden" name="member" value={l.personId} />
              {l.displayName}
              {l.recordedBy === "self_check_in" ? <span class="muted"> ({t("attendance:page.selfCheckIn")})</span> : null}
            </td>
            <td>{t(`attendance:page.rsvps.${l.rsvp ?? "none"}`)}</td>
            <td>
              <label class="check">
                <input
                  type="radio"
                  name={`att_${l.personId}`}
                  value="present"
                  checked={l.present === true}
                  aria-label={`${l.displayName}: ${t("attendance:page.present")}`}
                />
                {t("attendance:page.present")}
              </label>
              <label class="check">
                <input
                  type="radio"
                  name={`att_${l.personId}`}
                  value="absent"
                  checked={l.present !== true}
                  aria-label={`${l.displayName}: ${t("attendance:page.absent")}`}
                />
                {t("attendance:page.absent")}
              </label>
            </td>
            <td>
              <select name={`why_${l.personId}`} aria-label={`${l.displayName}: ${t("attendance:page.reason")}`}>
                <option value="">{t("attendance:page.noReason")}</option>
                {ABSENT_REASONS.map((r) => (
                  <option value={r} selected={l.reason === r}>
                    {t(`attendance:page.reasons.${r}`)}
                  </option>
                ))}
              </select>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
