// Log fields for anything the Zalo adapter catches: kind, code and attempts of a ZaloApiError, else the
// thrown value's name only (messages of foreign errors may quote values; ZaloApiError messages are safe
// but its fields say more). Never throws, whatever was thrown (getters, proxies, null prototypes), because
// it runs inside catch handlers where a throw would escape the boundary.
import { ZaloApiError } from "./zalo-api-errors.ts";

export interface ZaloErrorFields {
  kind: string;
  method?: string;
  errorCode?: number;
  attempts?: number;
  errName?: string;
  errCode?: string;
}

export function describeZaloError(error: unknown): ZaloErrorFields {
  try {
    if (error instanceof ZaloApiError) {
      const fields: ZaloErrorFields = { kind: error.kind, method: error.method, attempts: error.attempts };
      if (typeof error.error_code === "number") fields.errorCode = error.error_code;
      return fields;
    }
    return { kind: "unexpected", ...nameAndCode(error) };
  } catch {
    return { kind: "unexpected", errName: "undescribable" };
  }
}

function nameAndCode(error: unknown): { errName: string; errCode?: string } {
  if (typeof error !== "object" || error === null) return { errName: error === null ? "null" : typeof error };
  const name = read(error, "name");
  const code = read(error, "code");
  const errName = typeof name === "string" && /^[\w.-]{1,60}$/.test(name) ? name : "object";
  return typeof code === "string" || typeof code === "number" ? { errName, errCode: String(code).slice(0, 40) } : { errName };
}

function read(value: object, key: string): unknown {
  try {
    return (value as Record<string, unknown>)[key];
  } catch {
    return undefined;
  }
}
