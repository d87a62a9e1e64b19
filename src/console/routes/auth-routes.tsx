// Sign-in and out, the first admin's setup link, invitations and password-reset links.
import { Hono } from "hono";
import type { ConsoleDeps } from "../deps.ts";
import { BASE, me, render, type ConsoleEnv } from "../context.ts";
import { clearSessionCookie, requireStaff, setSessionCookie } from "../auth/session.ts";
import { isAppError, type AppError } from "../../shared/errors/app-error.ts";
import { signIn } from "../services/auth/sign-in.ts";
import { signOut } from "../services/auth/sign-out.ts";
import { startSession } from "../services/auth/start-session.ts";
import { acceptLink } from "../../core/staff/accept-link.ts";
import { completeReset } from "../../core/staff/complete-reset.ts";
import { findLink } from "../../core/staff/staff-links.ts";
import { AccountPage, LoginPage, MessagePage, ResetPage } from "../views/auth-pages.tsx";
import { clientIp, flashFrom, formFields, redirectWith } from "./helpers.ts";

export function createAuthRoutes(d: ConsoleDeps): Hono<ConsoleEnv> {
  const app = new Hono<ConsoleEnv>();

  app.get("/login", (c) => (c.get("staff") ? c.redirect(BASE, 303) : render(c, <LoginPage v={c.var} {...flashFrom(c)} />)));

  app.post("/login", async (c) => {
    const f = await formFields(c);
    const result = await signIn(d, { email: f.email ?? "", password: f.password ?? "", ip: clientIp(c, d.trustedProxyHops ?? 0) });
    if (!result.ok) return render(c, <LoginPage v={c.var} email={f.email} err={result.reason} />, result.reason === "throttled" ? 429 : 400);
    setSessionCookie(c, result.token, d.secureCookies);
    return c.redirect(BASE, 303);
  });

  for (const everywhere of [false, true]) {
    app.post(everywhere ? "/logout-all" : "/logout", requireStaff, async (c) => {
      await signOut(d, { staffId: me(c).id, sessionHash: c.get("sessionHash")!, everywhere });
      clearSessionCookie(c, d.secureCookies);
      return redirectWith(c, `${BASE}/login`, { ok: "loggedOut" });
    });
  }

  for (const kind of ["setup", "invite"] as const) {
    app.get(`/${kind}/:token`, async (c) => {
      const link = await findLink(d, { kind, token: c.req.param("token") });
      if (!link) return render(c, <MessagePage v={c.var} title={c.var.t("errors.linkTitle")} text={c.var.t("errors.link_invalid")} />, 404);
      return render(c, <AccountPage v={c.var} kind={kind} token={c.req.param("token")} fixedEmail={link.email} />);
    });
    app.post(`/${kind}/:token`, async (c) => {
      const token = c.req.param("token");
      try {
        const staff = await acceptLink(d, { kind, token, form: await formFields(c) });
        setSessionCookie(c, await startSession(d, { staffId: staff.id }), d.secureCookies);
        return c.redirect(BASE, 303);
      } catch (error) {
        if (!isAppError(error)) throw error;
        const link = await findLink(d, { kind, token });
        if (!link) return render(c, <MessagePage v={c.var} title={c.var.t("errors.linkTitle")} text={c.var.t("errors.link_invalid")} />, 404);
        return render(
          c,
          <AccountPage v={c.var} kind={kind} token={token} fixedEmail={link.email} err={error.code} warning={warningOf(error)} />,
          error.httpStatus,
        );
      }
    });
  }

  app.get("/reset/:token", async (c) => {
    if (!(await findLink(d, { kind: "reset", token: c.req.param("token") })))
      return render(c, <MessagePage v={c.var} title={c.var.t("errors.linkTitle")} text={c.var.t("errors.link_invalid")} />, 404);
    return render(c, <ResetPage v={c.var} token={c.req.param("token")} />);
  });
  app.post("/reset/:token", async (c) => {
    try {
      await completeReset(d, { token: c.req.param("token"), form: await formFields(c) });
      clearSessionCookie(c, d.secureCookies);
      return redirectWith(c, `${BASE}/login`, { ok: "passwordSet" });
    } catch (error) {
      if (!isAppError(error)) throw error;
      if (error.code === "link_invalid")
        return render(c, <MessagePage v={c.var} title={c.var.t("errors.linkTitle")} text={c.var.t("errors.link_invalid")} />, 404);
      return render(c, <ResetPage v={c.var} token={c.req.param("token")} err={error.code} warning={warningOf(error)} />, error.httpStatus);
    }
  });

  return app;
}

/** Why a password was refused (a console:passwordWarnings key), for the form. */
const warningOf = (error: AppError): string | undefined => (typeof error.details?.warning === "string" ? error.details.warning : undefined);
