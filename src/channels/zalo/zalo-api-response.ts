// Turns one HTTP answer of the Bot API into a result or a ZaloApiError. Works for servers that set the
// HTTP status to error_code and for servers that always answer 200: the body's `ok` decides.
import type { z } from "zod";
import { classifyZaloError, ZaloApiError } from "./zalo-api-errors.ts";
import { envelopeSchema } from "./zalo-api-schemas.ts";

const MAX_DESCRIPTION = 300;

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function isSuccessStatus(status: number): boolean {
  return status >= 200 && status < 300;
}

/**
 * Returns the parsed `result` (undefined when absent and the schema allows it) or throws ZaloApiError.
 * `redact` scrubs the token from any server text that ends up in the error.
 */
export function interpretZaloResponse<S extends z.ZodType>(
  method: string,
  httpStatus: number,
  bodyText: string,
  schema: S,
  redact: (text: string) => string,
): z.output<S> {
  const envelope = envelopeSchema.safeParse(parseJson(bodyText));
  if (!envelope.success) {
    // Not a Bot API body (proxy page, empty body, truncated JSON): judge by the HTTP status alone.
    const code = isSuccessStatus(httpStatus) ? undefined : httpStatus;
    const kind = code === undefined ? "transient" : classifyZaloError(method, code);
    const description = code === undefined ? "response was not a Bot API JSON body" : `HTTP ${httpStatus} without a Bot API JSON body`;
    throw new ZaloApiError({ method, kind, error_code: code, description, httpStatus });
  }
  const body = envelope.data;
  if (body.ok && isSuccessStatus(httpStatus)) {
    const result = schema.safeParse(body.result);
    if (result.success) return result.data;
    throw new ZaloApiError({ method, kind: "bad_request", description: "unexpected result shape", httpStatus });
  }
  const code = body.error_code ?? body.errorCode ?? (isSuccessStatus(httpStatus) ? undefined : httpStatus);
  const description = redact(body.description ?? "no description").slice(0, MAX_DESCRIPTION);
  throw new ZaloApiError({ method, kind: classifyZaloError(method, code), error_code: code, description, httpStatus });
}
