// The person's control over this device: "clear this device" (the session ends on the server, the cookie
// goes), a return code shown once (to come back to a request from any device), and coming back with it.
// Codes are never logged; only a keyed hash is stored (store/web-return-store.ts); guesses lock the code.
import { randomInt } from "node:crypto";
import type { Context, Hono } from "hono";
import { z } from "zod";
import type { CaseRecord } from "../../core/ports.ts";
import { AppError } from "../../shared/errors/app-error.ts";
import { clearSessionCookie, endSession, newSessionId, setSessionCookie } from "./session.ts";
import { pageRequestSession, sessionOptionsOf, type WebChatRouteOptions } from "./route-options.ts";

/** After this many wrong codes in a row for one request the code is locked for RETURN_LOCK_MS. */
export const RETURN_MAX_FAILURES = 5;
export const RETURN_LOCK_MS = 15 * 60_000;
const CODE_DIGITS = 8;

const resumeSchema = z.object({ handle: z.string().max(20), code: z.string().max(40) }).strict();

/** 8 random digits: easy to write down and type on any phone keyboard; 5 tries per 15 minutes per request. */
const newReturnCode = (): string => Array.from({ length: CODE_DIGITS }, () => randomInt(10)).join("");

export function mountSessionRoutes(app: Hono, o: WebChatRouteOptions): void {
  app.post("/chat/session/code", (c) => issueCode(c, o));
  app.post("/chat/session/clear", (c) => clearDevice(c, o));
  app.post("/chat/session/resume", (c) => resume(c, o));
}

/** The request to come back to: the open one, else the newest. */
const caseToReturnTo = (cases: CaseRecord[]): CaseRecord | undefined => cases.find((k) => k.status === "open") ?? cases[0];

async function issueCode(c: Context, o: WebChatRouteOptions): Promise<Response> {
  const sid = await pageRequestSession(c, o);
  const person = await o.stores.people.findPerson("webchat", sid);
  const kase = person ? caseToReturnTo(await o.stores.cases.listCases(person.id)) : undefined;
  if (!person || !kase) return c.json({ handle: null, code: null });
  const code = newReturnCode();
  await o.stores.webReturns.saveReturnCode(person.id, code, o.clock.now());
  return c.json({ handle: kase.handle, code });
}

/** Ends the session on the server: a person with a request keeps it (detached, reachable with a code); one without is erased. */
async function clearDevice(c: Context, o: WebChatRouteOptions): Promise<Response> {
  const sid = await pageRequestSession(c, o);
  const person = await o.stores.people.findPerson("webchat", sid);
  if (person) {
    const cases = await o.stores.cases.listCases(person.id);
    if (cases.length > 0) await endSession(sessionOptionsOf(o), person.id);
    else await o.stores.people.deletePersonData(person.id);
  }
  clearSessionCookie(c, o.secureCookies);
  o.logger.info({ route: "webchat.clear", person: person?.handle }, "web chat session cleared by the person");
  return c.json({ ok: true });
}

async function resume(c: Context, o: WebChatRouteOptions): Promise<Response> {
  const sid = await pageRequestSession(c, o);
  const body: unknown = await c.req.json().catch(() => undefined);
  const parsed = resumeSchema.safeParse(body);
  if (!parsed.success) throw new AppError("invalid_input", "web chat: expected {handle, code}");
  const handle = parsed.data.handle.trim().replace(/^#/, "").toUpperCase();
  const code = parsed.data.code.replace(/\D/g, "");
  const kase = /^[A-Z2-9]{4,8}$/.test(handle) ? await o.stores.cases.findCaseByHandle(handle) : null;
  // An unknown request and a wrong code answer the same, so the form does not tell which requests exist.
  if (!kase || kase.channel !== "webchat" || code.length !== CODE_DIGITS) return c.json({ ok: false, reason: "mismatch" });
  const limits = { maxFailures: RETURN_MAX_FAILURES, lockMs: RETURN_LOCK_MS };
  const result = await o.stores.webReturns.checkReturnCode(kase.personId, code, o.clock.now(), limits);
  o.logger.info({ route: "webchat.resume", case: kase.handle, result }, "return to a request");
  if (result === "locked") return c.json({ ok: false, reason: "locked" });
  if (result !== "ok") return c.json({ ok: false, reason: "mismatch" });
  // This browser's own (new) conversation is dropped when it holds no request; the returning person takes a fresh id.
  const current = await o.stores.people.findPerson("webchat", sid);
  if (current && current.id !== kase.personId && (await o.stores.cases.listCases(current.id)).length === 0) await o.stores.people.deletePersonData(current.id);
  const fresh = newSessionId();
  await o.stores.people.rebindPerson(kase.personId, fresh);
  await o.stores.people.updatePerson(kase.personId, { lastSeenAt: o.clock.now() });
  setSessionCookie(c, fresh, sessionOptionsOf(o));
  return c.json({ ok: true });
}
