// One error class for the whole app. Its `code` decides everything an entry point needs, from one
// table: the HTTP status, the message key a person (or staff member) may see, and the log level.
// `message` is for operators and never contains message text, messenger ids or tokens.

export type LogLevel = "info" | "warn" | "error";

interface ErrorSpec {
  status: 400 | 401 | 403 | 404 | 409 | 413 | 429 | 500 | 502 | 503;
  /** What a person is told (locales key). The console shows `console:errors.<code>` to staff instead. */
  messageKey: string;
  log: LogLevel;
}

export const APP_ERRORS = {
  invalid_input: { status: 400, messageKey: "common:errors.badRequest", log: "info" },
  unauthorized: { status: 401, messageKey: "common:errors.badRequest", log: "warn" },
  forbidden: { status: 403, messageKey: "common:errors.badRequest", log: "warn" },
  not_found: { status: 404, messageKey: "common:errors.notFound", log: "info" },
  conflict: { status: 409, messageKey: "common:errors.badRequest", log: "info" },
  payload_too_large: { status: 413, messageKey: "common:errors.badRequest", log: "info" },
  rate_limited: { status: 429, messageKey: "common:errors.generic", log: "warn" },
  // Expected refusals of case and staff operations (the console shows console:errors.<code>).
  held_by_other: { status: 409, messageKey: "common:errors.badRequest", log: "info" },
  closed: { status: 409, messageKey: "common:errors.badRequest", log: "info" },
  bad_target: { status: 400, messageKey: "common:errors.badRequest", log: "info" },
  gone: { status: 409, messageKey: "common:errors.badRequest", log: "info" },
  link_invalid: { status: 404, messageKey: "common:errors.badRequest", log: "info" },
  email_taken: { status: 409, messageKey: "common:errors.badRequest", log: "info" },
  self_change: { status: 400, messageKey: "common:errors.badRequest", log: "info" },
  weak_password: { status: 400, messageKey: "common:errors.badRequest", log: "info" },
  // Failures on our side or upstream.
  unavailable: { status: 503, messageKey: "common:errors.generic", log: "warn" },
  upstream_failed: { status: 502, messageKey: "common:errors.generic", log: "error" },
  invalid_config: { status: 500, messageKey: "common:errors.generic", log: "error" },
  internal: { status: 500, messageKey: "common:errors.generic", log: "error" },
} as const satisfies Record<string, ErrorSpec>;

export type AppErrorCode = keyof typeof APP_ERRORS;

export class AppError extends Error {
  readonly code: AppErrorCode;
  readonly details: Record<string, unknown> | undefined;

  constructor(code: AppErrorCode, message: string = code, options: { details?: Record<string, unknown>; cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.name = "AppError";
    this.code = code;
    this.details = options.details;
  }

  get httpStatus(): ErrorSpec["status"] {
    return APP_ERRORS[this.code].status;
  }

  /** The locales key of what a person may be told. */
  get messageKey(): string {
    return APP_ERRORS[this.code].messageKey;
  }

  get logLevel(): LogLevel {
    return APP_ERRORS[this.code].log;
  }
}

export function isAppError(error: unknown): error is AppError {
  return error instanceof AppError;
}

/** Any thrown value as an AppError: known ones as they are, the rest as "internal" with the cause kept. */
export function toAppError(error: unknown): AppError {
  return isAppError(error) ? error : new AppError("internal", "unexpected error", { cause: error });
}
