// Sign-in, account creation (first admin, invitation) and password reset pages.
import { BASE, type ConsoleVars } from "../context.ts";
import { PASSWORD_MIN_LENGTH } from "../../core/staff/password.ts";
import { CsrfField, Flash, Layout } from "./layout.tsx";

type V = Pick<ConsoleVars, "t" | "lang" | "csrf" | "staff">;

export function LoginPage(props: { v: V; email?: string; err?: string; ok?: string }) {
  const { t, csrf } = props.v;
  return (
    <Layout v={props.v} title={t("login.title")} path={`${BASE}/login`}>
      <h1>{t("login.title")}</h1>
      <Flash t={t} err={props.err} ok={props.ok} />
      <form method="post" action={`${BASE}/login`} class="card">
        <CsrfField csrf={csrf} />
        <label for="email">{t("fields.email")}</label>
        <input id="email" name="email" type="email" autocomplete="username" required value={props.email ?? ""} />
        <label for="password">{t("fields.password")}</label>
        <input id="password" name="password" type="password" autocomplete="current-password" required />
        <p>
          <button type="submit">{t("login.submit")}</button>
        </p>
      </form>
    </Layout>
  );
}

export function AccountPage(props: { v: V; kind: "setup" | "invite"; token: string; fixedEmail: string | null; err?: string; warning?: string }) {
  const { t, csrf } = props.v;
  const action = `${BASE}/${props.kind}/${props.token}`;
  return (
    <Layout v={props.v} title={t(`${props.kind}.title`)} path={action}>
      <h1>{t(`${props.kind}.title`)}</h1>
      <p>{t(`${props.kind}.intro`)}</p>
      <Flash t={t} err={props.err} />
      <form method="post" action={action} class="card">
        <CsrfField csrf={csrf} />
        <label for="displayName">{t("fields.displayName")}</label>
        <input id="displayName" name="displayName" type="text" maxlength={80} required autocomplete="name" />
        <p class="muted">{t("fields.displayNameHint")}</p>
        <label for="email">{t("fields.email")}</label>
        {props.fixedEmail ? (
          <input id="email" name="email" type="email" value={props.fixedEmail} readonly />
        ) : (
          <input id="email" name="email" type="email" required autocomplete="username" />
        )}
        <PasswordField v={props.v} warning={props.warning} />
        <p>
          <button type="submit">{t(`${props.kind}.submit`)}</button>
        </p>
      </form>
    </Layout>
  );
}

/** A new password, with the length hint and, after a refusal, why it was too weak. */
function PasswordField(props: { v: V; warning?: string | undefined }) {
  const { t } = props.v;
  return (
    <>
      <label for="password">{t("fields.newPassword")}</label>
      <input
        id="password"
        name="password"
        type="password"
        minlength={PASSWORD_MIN_LENGTH}
        required
        autocomplete="new-password"
        aria-describedby={props.warning ? "password-warning password-hint" : "password-hint"}
        aria-invalid={props.warning ? "true" : undefined}
      />
      {props.warning ? (
        <p id="password-warning" class="flash err">
          {t(`passwordWarnings.${props.warning}`, { defaultValue: t("passwordWarnings.weak") })}
        </p>
      ) : null}
      <p id="password-hint" class="muted">
        {t("fields.passwordHint", { min: PASSWORD_MIN_LENGTH })}
      </p>
    </>
  );
}

export function ResetPage(props: { v: V; token: string; err?: string; warning?: string }) {
  const { t, csrf } = props.v;
  const action = `${BASE}/reset/${props.token}`;
  return (
    <Layout v={props.v} title={t("reset.title")} path={action}>
      <h1>{t("reset.title")}</h1>
      <Flash t={t} err={props.err} />
      <form method="post" action={action} class="card">
        <CsrfField csrf={csrf} />
        <PasswordField v={props.v} warning={props.warning} />
        <p>
          <button type="submit">{t("reset.submit")}</button>
        </p>
      </form>
    </Layout>
  );
}

/** A plain message page: not found, forbidden, link used, something went wrong. */
export function MessagePage(props: { v: V; title: string; text: string }) {
  return (
    <Layout v={props.v} title={props.title}>
      <h1>{props.title}</h1>
      <p>{props.text}</p>
      <p>
        <a href={BASE}>{props.v.t("nav.backToQueue")}</a>
      </p>
    </Layout>
  );
}
