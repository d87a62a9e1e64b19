// The anonymous web chat session: an unguessable random id in an HttpOnly cookie. No login, no name.
// The cookie lives for the idle period only (renewed on every visit and message); the server also refuses a
// session whose person has been idle longer, so a copied cookie does not outlive it either.
import { randomBytes } from "node:crypto";
import type { Context } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import type { Clock, Stores } from "../../core/ports.ts";

export const SESSION_COOKIE = "kna_sid";
const SESSION_PATTERN = /^[A-Za-z0-9_-]{43}$/;
/** lastSeenAt is written at most this often by page visits (messages write it anyway). */
const TOUCH_EVERY_MS = 60_000;

export interface SessionOptions {
  secure: boolean;
  /** The session ends after this long without a visit or a message. */
  idleMs: number;
  clock: Clock;
  stores: Pick<Stores, "people">;
}

export function readSession(c: Context): string | undefined {
  const sid = getCookie(c, SESSION_COOKIE);
  return sid && SESSION_PATTERN.test(sid) ? sid : undefined;
}

export const newSessionId = (): string => randomBytes(32).toString("base64url");

export function setSessionCookie(c: Context, sid: string, o: Pick<SessionOptions, "secure" | "idleMs">): void {
  setCookie(c, SESSION_COOKIE, sid, { httpOnly: true, sameSite: "Lax", secure: o.secure, path: "/", maxAge: Math.floor(o.idleMs / 1000) });
}

export function clearSessionCookie(c: Context, secure: boolean): void {
  deleteCookie(c, SESSION_COOKIE, { path: "/", secure, httpOnly: true, sameSite: "Lax" });
}

/** Detaches the person from this session id: the cookie no longer finds them (their case stays with the counsellors). */
export async function endSession(o: Pick<SessionOptions, "stores">, personId: string): Promise<void> {
  await o.stores.people.rebindPerson(personId, newSessionId());
}

/**
 * The session of this request when it is still alive: a person idle for longer than the idle period is
 * detached first (the session is over). `touch` records the visit; the cookie is renewed by the caller.
 */
export async function liveSession(c: Context, o: SessionOptions, touch = false): Promise<string | undefined> {
  const sid = readSession(c);
  if (!sid) return undefined;
  const person = await o.stores.people.findPerson("webchat", sid);
  if (!person) return sid;
  const now = o.clock.now();
  const idle = now.getTime() - person.lastSeenAt.getTime();
  if (idle > o.idleMs) {
    await endSession(o, person.id);
    return undefined;
  }
  if (touch && idle > TOUCH_EVERY_MS) await o.stores.people.updatePerson(person.id, { lastSeenAt: now });
  return sid;
}

/** The page's session: the live one, or a new one; the cookie is (re)set either way so it expires after the idle period. */
export async function pageSession(c: Context, o: SessionOptions): Promise<string> {
  const sid = (await liveSession(c, o, true)) ?? newSessionId();
  setSessionCookie(c, sid, o);
  return sid;
}
