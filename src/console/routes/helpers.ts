// Small helpers shared by the console routes: form fields, flash messages through the query string
// (only known keys are shown, so a crafted URL cannot inject text), the client address.
import { getConnInfo } from "@hono/node-server/conninfo";
import type { AppErrorCode } from "../../shared/errors/app-error.ts";
import type { ConsoleContext } from "../context.ts";

export const OK_KEYS = [
  "claimed",
  "released",
  "transferred",
  "replied",
  "noted",
  "closed",
  "saved",
  "deleted",
  "loggedOut",
  "passwordSet",
  "onDuty",
  "offDuty",
  "unlinked",
] as const;
export const ERR_KEYS = [
  "not_found",
  "held_by_other",
  "closed",
  "invalid_input",
  "bad_target",
  "gone",
  "link_invalid",
  "email_taken",
  "forbidden",
  "self_change",
  "none_waiting",
  "invalid",
  "throttled",
  "loan_amount",
  "generic",
] as const;
type ErrKey = (typeof ERR_KEYS)[number];

/** The flash key for an AppError code: its own message when the console has one, else the generic one. */
export const errKey = (code: AppErrorCode): ErrKey => ((ERR_KEYS as readonly string[]).includes(code) ? (code as ErrKey) : "generic");

export function flashFrom(c: ConsoleContext): { ok?: string; err?: string } {
  const ok = c.req.query("ok");
  const err = c.req.query("err");
  return {
    ...(ok && (OK_KEYS as readonly string[]).includes(ok) ? { ok } : {}),
    ...(err && (ERR_KEYS as readonly string[]).includes(err) ? { err } : {}),
  };
}

export function redirectWith(c: ConsoleContext, path: string, flash: { ok?: (typeof OK_KEYS)[number]; err?: (typeof ERR_KEYS)[number] }): Response {
  const q = flash.ok ? `?ok=${flash.ok}` : flash.err ? `?err=${flash.err}` : "";
  return c.redirect(`${path}${q}`, 303);
}

export async function formFields(c: ConsoleContext): Promise<Record<string, string>> {
  const body = await c.req.parseBody();
  return Object.fromEntries(Object.entries(body).filter((e): e is [string, string] => typeof e[1] === "string"));
}

export async function formList(c: ConsoleContext, name: string): Promise<string[]> {
  const body = await c.req.parseBody({ all: true });
  const v = body[name];
  return (Array.isArray(v) ? v : v === undefined ? [] : [v]).filter((x): x is string => typeof x === "string");
}

/**
 * The client's address for sign-in throttling. With `trustedProxyHops` = 0 it is the peer (no header
 * trusted). Behind N proxies we run, each appends what it saw to X-Forwarded-For, so the client is the
 * N-th entry from the right; anything further left was written by the client and is ignored.
 */
export function clientAddress(peer: string | undefined, forwardedFor: string | undefined, trustedProxyHops: number): string {
  if (trustedProxyHops > 0) {
    const hops = (forwardedFor ?? "")
      .split(",")
      .map((s) => s.trim())
      .filter((s) => s !== "");
    const client = hops[hops.length - trustedProxyHops];
    if (client) return client;
  }
  return peer ?? "unknown";
}

export function clientIp(c: ConsoleContext, trustedProxyHops = 0): string {
  let peer: string | undefined;
  try {
    peer = getConnInfo(c).remote.address;
  } catch {
    peer = undefined;
  }
  return clientAddress(peer, c.req.header("x-forwarded-for"), trustedProxyHops);
}

/**
 * The address this request came to (scheme and host), for links shown to staff when no PUBLIC_URL is
 * set. Behind our own proxies (trustedProxyHops > 0) the scheme they saw (X-Forwarded-Proto) counts.
 */
export function requestOrigin(c: ConsoleContext, trustedProxyHops = 0): string {
  const url = new URL(c.req.url);
  const forwarded = trustedProxyHops > 0 ? c.req.header("x-forwarded-proto")?.split(",")[0]?.trim() : undefined;
  const scheme = forwarded === "https" || forwarded === "http" ? forwarded : url.protocol.replace(/:$/, "");
  return `${scheme}://${url.host}`;
}
