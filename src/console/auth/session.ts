// Console sessions and CSRF. The session cookie (HttpOnly, SameSite=Lax, Secure behind https, path
// /console) carries a random token; the database keeps only its hash. Forms carry a CSRF token:
// derived from the session token when signed in, else a double-submit cookie.
import type { MiddlewareHandler } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import type { Clock } from "../../core/ports.ts";
import type { Translator } from "../../shared/i18n/index.ts";
import { BASE, bindTranslate, type ConsoleEnv, type ConsoleLang } from "../context.ts";
import type { Stores } from "../../core/ports.ts";
import { hashToken, newToken, sameToken, sessionCsrf, TOKEN_PATTERN } from "../../core/staff/tokens.ts";

export const SESSION_COOKIE = "kna_staff";
export const CSRF_COOKIE = "kna_staff_csrf";
export const LANG_COOKIE = "kna_console_lang";

/** A session ends 7 days after sign-in, or after 12 hours without use. */
export const SESSION_MAX_MS = 7 * 24 * 3600_000;
export const SESSION_IDLE_MS = 12 * 3600_000;
const TOUCH_EVERY_MS = 5 * 60_000;

export interface SessionDeps {
  stores: Pick<Stores, "sessions">;
  clock: Clock;
  translator: Translator;
  secureCookies: boolean;
}

export function setSessionCookie(c: Parameters<MiddlewareHandler>[0], token: string, secure: boolean): void {
  setCookie(c, SESSION_COOKIE, token, { httpOnly: true, sameSite: "Lax", secure, path: BASE, maxAge: SESSION_MAX_MS / 1000 });
}

export function clearSessionCookie(c: Parameters<MiddlewareHandler>[0], secure: boolean): void {
  deleteCookie(c, SESSION_COOKIE, { path: BASE, secure });
}

function pickLang(query: string | undefined, cookie: string | undefined, preferred: string | undefined): ConsoleLang | undefined {
  for (const v of [query, cookie, preferred]) if (v === "vi" || v === "en") return v;
  return undefined;
}

/** Loads the session (if any), the language and the CSRF token for every console request. */
export function sessionMiddleware(d: SessionDeps): MiddlewareHandler<ConsoleEnv> {
  return async (c, next) => {
    const now = d.clock.now();
    const token = getCookie(c, SESSION_COOKIE);
    let session = token && TOKEN_PATTERN.test(token) ? await d.stores.sessions.findSession(hashToken(token), now) : null;
    if (session && now.getTime() - session.lastSeenAt.getTime() > SESSION_IDLE_MS) {
      await d.stores.sessions.deleteSession(hashToken(token!));
      session = null;
    }
    if (session && now.getTime() - session.lastSeenAt.getTime() > TOUCH_EVERY_MS) await d.stores.sessions.touchSession(session.id, now);
    if (token && !session) clearSessionCookie(c, d.secureCookies);

    let csrf: string;
    if (session) csrf = sessionCsrf(token!);
    else {
      const existing = getCookie(c, CSRF_COOKIE);
      csrf = existing && TOKEN_PATTERN.test(existing) ? existing : newToken();
      if (csrf !== existing) setCookie(c, CSRF_COOKIE, csrf, { httpOnly: true, sameSite: "Lax", secure: d.secureCookies, path: BASE });
    }

    const queryLang = c.req.query("lang");
    const lang = pickLang(queryLang, getCookie(c, LANG_COOKIE), session?.staff.locale) ?? "vi";
    if (queryLang === "vi" || queryLang === "en")
      setCookie(c, LANG_COOKIE, queryLang, { sameSite: "Lax", secure: d.secureCookies, path: BASE, maxAge: 365 * 86400 });

    c.set("staff", session?.staff ?? null);
    c.set("sessionHash", session ? hashToken(token!) : null);
    c.set("csrf", csrf);
    c.set("lang", lang);
    c.set("t", bindTranslate(d.translator, lang));
    await next();
  };
}

/** Rejects unsafe methods whose form does not echo the CSRF token (403, nothing done). */
export function csrfMiddleware(onReject: MiddlewareHandler<ConsoleEnv>): MiddlewareHandler<ConsoleEnv> {
  return async (c, next) => {
    if (c.req.method === "GET" || c.req.method === "HEAD") return next();
    const form = await c.req.parseBody().catch(() => ({}) as Record<string, unknown>);
    const sent = form["_csrf"];
    if (typeof sent !== "string" || !sameToken(sent, c.get("csrf"))) return onReject(c, next);
    return next();
  };
}

/** Sends anonymous visitors to the sign-in page. */
export const requireStaff: MiddlewareHandler<ConsoleEnv> = async (c, next) => {
  if (!c.get("staff")) return c.redirect(`${BASE}/login`, 303);
  return next();
};
