// What a database driver error may say in a log line, and whether it means "the database is gone for
// now" (connection lost, refused, not accepting connections) rather than "this statement is wrong".
// Works on the plain fields of node-postgres errors (SQLSTATE `code`, `severity`) and Node socket
// errors (`code` such as ECONNREFUSED), so it needs no driver import.

/** SQLSTATE codes and classes that mean the connection or the server is unavailable. */
const UNAVAILABLE_SQLSTATES = new Set(["57P01", "57P02", "57P03", "53300", "55000", "3D000"]);
const UNAVAILABLE_SQLSTATE_CLASSES = ["08"];
const UNAVAILABLE_SOCKET_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EPIPE", "ENOTFOUND", "EAI_AGAIN", "EHOSTUNREACH", "ENETUNREACH"]);
/** node-postgres raises these without a code when a connection ends or times out. */
const UNAVAILABLE_MESSAGES = [
  /^Connection terminated/,
  /connection timeout/i,
  /timeout exceeded when trying to connect/i,
  /not queryable/i,
  /^Query read timeout/,
];

export interface DbErrorFields {
  /** SQLSTATE (e.g. 57P01) or socket code (e.g. ECONNREFUSED), when the error carries one. */
  code?: string;
  severity?: string;
  /**
   * The driver's message, only when it cannot carry statement values: connection failures and errors
   * without a SQLSTATE. Data errors ("invalid input syntax … "value"") are logged by code alone.
   */
  reason?: string;
}

const SQLSTATE = /^[0-9A-Z]{5}$/;

function fieldsOf(error: unknown): { code?: string; severity?: string; message?: string } {
  if (typeof error !== "object" || error === null) return { message: String(error) };
  const e = error as { code?: unknown; severity?: unknown; message?: unknown };
  return {
    ...(typeof e.code === "string" ? { code: e.code } : {}),
    ...(typeof e.severity === "string" ? { severity: e.severity } : {}),
    ...(typeof e.message === "string" ? { message: e.message } : {}),
  };
}

/** True when the error means the database cannot be reached or dropped the session: retry later. */
export function isDbUnavailable(error: unknown): boolean {
  const { code, message } = fieldsOf(error);
  if (code !== undefined) {
    if (UNAVAILABLE_SQLSTATES.has(code) || UNAVAILABLE_SOCKET_CODES.has(code)) return true;
    if (UNAVAILABLE_SQLSTATE_CLASSES.some((c) => SQLSTATE.test(code) && code.startsWith(c))) return true;
  }
  return message !== undefined && UNAVAILABLE_MESSAGES.some((m) => m.test(message));
}

/** Loggable fields of a driver error: never statement text, parameters, `detail` or `where`. */
export function dbErrorFields(error: unknown): DbErrorFields {
  const { code, severity, message } = fieldsOf(error);
  const safeMessage = code === undefined || !SQLSTATE.test(code) || isDbUnavailable(error);
  return {
    ...(code !== undefined ? { code } : {}),
    ...(severity !== undefined ? { severity } : {}),
    ...(safeMessage && message !== undefined ? { reason: message.slice(0, 200) } : {}),
  };
}
