// One error class for the app. `code` decides HTTP status / chat reply; `userMessageKey` is what a person
// may see (a locales key); `message` is for operators and never contains message text or identifiers.

export const APP_ERROR_CODES = {
  INVALID_INPUT: 400,
  UNAUTHORIZED: 401,
  NOT_FOUND: 404,
  CONFLICT: 409,
  PAYLOAD_TOO_LARGE: 413,
  RATE_LIMITED: 429,
  UPSTREAM_FAILED: 502,
  INTERNAL: 500,
} as const;

export type AppErrorCode = keyof typeof APP_ERROR_CODES;

export class AppError extends Error {
  readonly code: AppErrorCode;
  readonly userMessageKey: string;
  readonly details: Record<string, unknown> | undefined;

  constructor(code: AppErrorCode, message: string, options: { userMessageKey?: string; details?: Record<string, unknown>; cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.name = "AppError";
    this.code = code;
    this.userMessageKey = options.userMessageKey ?? "common:errors.generic";
    this.details = options.details;
  }

  get httpStatus(): number {
    return APP_ERROR_CODES[this.code];
  }
}

export function isAppError(error: unknown): error is AppError {
  return error instanceof AppError;
}
