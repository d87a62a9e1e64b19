// The anonymous web chat session: an unguessable random id in an HttpOnly cookie. No login, no name.
import { randomBytes } from "node:crypto";
import type { Context } from "hono";
import { getCookie, setCookie } from "hono/cookie";

export const SESSION_COOKIE = "kna_sid";
const SESSION_PATTERN = /^[A-Za-z0-9_-]{43}$/;

export function readSession(c: Context): string | undefined {
  const sid = getCookie(c, SESSION_COOKIE);
  return sid && SESSION_PATTERN.test(sid) ? sid : undefined;
}

export function ensureSession(c: Context, secure: boolean): string {
  const existing = readSession(c);
  if (existing) return existing;
  const sid = randomBytes(32).toString("base64url");
  setCookie(c, SESSION_COOKIE, sid, { httpOnly: true, sameSite: "Lax", secure, path: "/", maxAge: 60 * 60 * 24 * 180 });
  return sid;
}
