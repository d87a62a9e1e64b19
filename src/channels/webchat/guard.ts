// Requests only the chat page can make. Every state-changing web chat request must be JSON (a form or
// text/plain body, which another page can send without asking, is refused), come from the app's own origin
// (Origin, and Sec-Fetch-Site where the browser sends it — a page on another port of the same host is
// "same-site", not "same-origin"), and carry the session's token, which only a page that read our HTML has.
import { createHash, timingSafeEqual } from "node:crypto";
import type { Context } from "hono";
import { AppError } from "../../shared/errors/app-error.ts";

export const TOKEN_HEADER = "x-chat-token";

/** The token bound to a session: derived from the secret cookie value, never stored. */
export function sessionToken(sid: string): string {
  return createHash("sha256").update(`webchat-csrf:${sid}`, "utf8").digest("base64url");
}

/** True when `origin` is this app: PUBLIC_URL's origin when set, else the host the request was sent to. */
export function isOwnOrigin(origin: string | undefined, host: string | undefined, publicUrl: string | undefined): boolean {
  if (!origin || origin === "null") return false;
  try {
    const given = new URL(origin);
    if (publicUrl) return given.origin === new URL(publicUrl).origin;
    return host !== undefined && given.host === host.toLowerCase() && (given.protocol === "http:" || given.protocol === "https:");
  } catch {
    return false;
  }
}

const equal = (a: string, b: string): boolean => a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));

/** Throws unless this request was made by our page for session `sid`. Reasons are logged as codes, never values. */
export function requirePageRequest(c: Context, sid: string, publicUrl: string | undefined): void {
  const type = c.req.header("content-type")?.split(";")[0]?.trim().toLowerCase();
  if (type !== "application/json") throw new AppError("invalid_input", "web chat: JSON bodies only (content-type: application/json)");
  if (!isOwnOrigin(c.req.header("origin"), c.req.header("host"), publicUrl)) throw new AppError("forbidden", "web chat: Origin is not this app");
  const site = c.req.header("sec-fetch-site");
  if (site !== undefined && site !== "same-origin") throw new AppError("forbidden", `web chat: Sec-Fetch-Site ${site.slice(0, 20)}`);
  const token = c.req.header(TOKEN_HEADER);
  if (!token || !equal(token, sessionToken(sid))) throw new AppError("forbidden", "web chat: missing or wrong session token");
}
