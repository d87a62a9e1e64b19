// Admin: the staff list with role, provinces and active flag; invitations and password-reset links.
import type { AdminUnits } from "../../core/areas/admin-units.ts";
import { BASE, type ConsoleVars } from "../context.ts";
import { STAFF_ROLES, type StaffRecord } from "../../core/ports.ts";
import { CsrfField, Flash, Layout } from "./layout.tsx";

type V = Pick<ConsoleVars, "t" | "lang" | "csrf" | "staff">;

/** Provinces as checkboxes in a scrolling box; the ones already chosen come first so they show. */
function ProvincePicker(props: { v: V; areas: AdminUnits; id: string; selected: number[] }) {
  const { t } = props.v;
  const chosen = props.areas.provinces.filter((p) => props.selected.includes(p.code));
  const others = props.areas.provinces.filter((p) => !props.selected.includes(p.code));
  return (
    <fieldset class="areas" id={props.id}>
      <legend>{t("staff.provinces")}</legend>
      <div class="area-list">
        {[...chosen, ...others].map((p) => (
          <label class="check">
            <input type="checkbox" name="provinceCodes" value={String(p.code)} checked={props.selected.includes(p.code)} /> {p.name}
          </label>
        ))}
      </div>
    </fieldset>
  );
}

function RoleSelect(props: { v: V; id: string; value: string }) {
  return (
    <>
      <label for={props.id}>{props.v.t("staff.role")}</label>
      <select id={props.id} name="role">
        {STAFF_ROLES.map((r) => (
          <option value={r} selected={r === props.value}>
            {props.v.t(`role.${r}`)}
          </option>
        ))}
      </select>
    </>
  );
}

export function StaffPage(props: {
  v: V;
  staff: StaffRecord[];
  areas: AdminUnits;
  link?: { kind: "invite" | "reset"; url: string };
  ok?: string;
  err?: string;
}) {
  const { t, csrf } = props.v;
  return (
    <Layout v={props.v} title={t("staff.title")} path={`${BASE}/staff`}>
      <h1>{t("staff.title")}</h1>
      <Flash t={t} ok={props.ok} err={props.err} />
      {props.link ? (
        <div class="card" role="status">
          <p>{t(`staff.${props.link.kind}Ready`)}</p>
          <label for="link">{t("staff.linkLabel")}</label>
          <input id="link" type="text" readonly value={props.link.url} />
        </div>
      ) : null}
      <section class="card" aria-labelledby="invite">
        <h2 id="invite" style="margin-top:0">
          {t("staff.inviteTitle")}
        </h2>
        <form method="post" action={`${BASE}/staff/invite`}>
          <CsrfField csrf={csrf} />
          <label for="invite-email">{t("staff.inviteEmail")}</label>
          <input id="invite-email" name="email" type="email" />
          <RoleSelect v={props.v} id="invite-role" value="counsellor" />
          <ProvincePicker v={props.v} areas={props.areas} id="invite-areas" selected={[]} />
          <button type="submit">{t("staff.inviteSubmit")}</button>
        </form>
      </section>
      <h2>{t("staff.listTitle")}</h2>
      {props.staff.map((s) => (
        <section class="card" aria-labelledby={`s-${s.id}`}>
          <h3 id={`s-${s.id}`} style="margin:0">
            {s.displayName} <span class="muted">{s.email}</span>
          </h3>
          <p class="muted" style="margin:4px 0 0">
            {t(`role.${s.role}`)} · {s.active ? t("staff.active") : t("staff.inactive")} ·{" "}
            {s.provinceCodes.length > 0
              ? s.provinceCodes.map((code) => props.areas.province(code)?.shortName ?? String(code)).join(", ")
              : t("staff.noProvinces")}{" "}
            · {s.onDuty ? t("staff.onDuty") : t("staff.offDuty")} · {s.telegramLinked ? t("staff.telegramLinked") : t("staff.telegramNotLinked")}
          </p>
          <form method="post" action={`${BASE}/staff/${s.id}`}>
            <CsrfField csrf={csrf} />
            <label for={`name-${s.id}`}>{t("fields.displayName")}</label>
            <input id={`name-${s.id}`} name="displayName" type="text" value={s.displayName} required maxlength={80} />
            <RoleSelect v={props.v} id={`role-${s.id}`} value={s.role} />
            <ProvincePicker v={props.v} areas={props.areas} id={`areas-${s.id}`} selected={s.provinceCodes} />
            <label class="check">
              <input type="checkbox" name="active" value="1" checked={s.active} /> {t("staff.active")}
            </label>
            <button type="submit">{t("staff.save")}</button>
          </form>
          <form method="post" action={`${BASE}/staff/${s.id}/reset`} style="margin-top:8px">
            <CsrfField csrf={csrf} />
            <button type="submit" class="secondary">
              {t("staff.makeResetLink")}
            </button>
          </form>
        </section>
      ))}
    </Layout>
  );
}
