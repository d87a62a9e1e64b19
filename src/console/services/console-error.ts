// Expected refusals in the console (a case held by someone else, a used link…): the code doubles as
// the flash message key (console:errors.<code>) and the HTTP status is taken from `status`.
export type ConsoleErrorCode =
  | "not_found"
  | "held_by_other"
  | "closed"
  | "invalid_input"
  | "bad_target"
  | "gone"
  | "link_invalid"
  | "email_taken"
  | "forbidden"
  | "self_change";

const STATUS: Record<ConsoleErrorCode, 400 | 403 | 404 | 409> = {
  not_found: 404,
  held_by_other: 409,
  closed: 409,
  invalid_input: 400,
  bad_target: 400,
  gone: 409,
  link_invalid: 404,
  email_taken: 409,
  forbidden: 403,
  self_change: 400,
};

export class ConsoleError extends Error {
  readonly code: ConsoleErrorCode;

  constructor(code: ConsoleErrorCode, message: string = code) {
    super(message);
    this.name = "ConsoleError";
    this.code = code;
  }

  get status(): 400 | 403 | 404 | 409 {
    return STATUS[this.code];
  }
}

export const isConsoleError = (e: unknown): e is ConsoleError => e instanceof ConsoleError;
