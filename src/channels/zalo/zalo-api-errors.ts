// Typed failures of the Zalo Bot API. Every message is built here from safe parts (method, code, the
// server's description with the token redacted); transport errors are never attached as `cause`,
// because axios errors carry the request URL, and the URL carries the token.

/**
 * auth: token rejected (401) — fatal. rate_limited: 429 "Quota exceeded" — back off.
 * transient: 403 (the docs call it "Internal server error"), 5xx, network, non-JSON — back off.
 * bad_request: 400/404/other 4xx or an unexpected body — fatal. timeout_idle: getUpdates had nothing (408).
 */
export type ZaloErrorKind = "auth" | "rate_limited" | "transient" | "bad_request" | "timeout_idle";

export interface ZaloApiErrorInit {
  method: string;
  kind: ZaloErrorKind;
  error_code?: number | undefined;
  description: string;
  httpStatus?: number | undefined;
}

export class ZaloApiError extends Error {
  readonly method: string;
  readonly kind: ZaloErrorKind;
  /** The Bot API's error code (from `error_code` or `errorCode`, else the HTTP status); undefined for network failures. */
  readonly error_code: number | undefined;
  readonly description: string;
  readonly httpStatus: number | undefined;
  /** How many attempts were made before giving up (set by the client). */
  attempts = 1;

  constructor(init: ZaloApiErrorInit) {
    const code = init.error_code === undefined ? "" : ` ${init.error_code}`;
    super(`Zalo Bot API ${init.method} failed (${init.kind}${code}): ${init.description}`);
    this.name = "ZaloApiError";
    this.method = init.method;
    this.kind = init.kind;
    this.error_code = init.error_code;
    this.description = init.description;
    this.httpStatus = init.httpStatus;
  }
}

export function isZaloApiError(error: unknown): error is ZaloApiError {
  return error instanceof ZaloApiError;
}

/** Maps an error code to a kind. 408 is "idle" only for getUpdates; elsewhere it is a transient timeout. */
export function classifyZaloError(method: string, code: number | undefined): ZaloErrorKind {
  if (code === undefined) return "bad_request";
  if (code === 401) return "auth";
  if (code === 429) return "rate_limited";
  if (code === 408) return method === "getUpdates" ? "timeout_idle" : "transient";
  if (code === 403 || code >= 500) return "transient";
  return "bad_request";
}

/** Removes the token (and its secret half) from any text that might echo it. */
export function redactToken(text: string, token: string): string {
  if (token === "") return text;
  const secret = token.slice(token.indexOf(":") + 1);
  const needles = [encodeURIComponent(token), token, secret.length >= 8 ? secret : ""].filter((n) => n !== "");
  return needles.reduce((out, needle) => out.split(needle).join("[redacted]"), text);
}
