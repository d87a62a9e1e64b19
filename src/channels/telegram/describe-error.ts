// Turns any error into a log-safe summary: no request payloads (they hold message text and chat ids)
// and the bot token redacted wherever it might appear.
//
// Contract: never throws, whatever was thrown: a Bot API error without `description` (third-party
// emulators send those), non-Error values, objects whose getters or toString throw, revoked proxies,
// circular objects. It runs inside catch handlers (setMyCommands at start-up, sends, polling), where a
// throw would turn a logged failure into a crash.
import { GrammyError, HttpError } from "grammy";

export interface ErrorSummary {
  name: string;
  message: string;
  /** Bot API method, for GrammyError / HttpError. */
  method?: string;
  errorCode?: number;
  stack?: string;
}

// Anything shaped like a bot token, in case a foreign message carries someone else's.
const TOKEN_SHAPE = /\d{5,}:[\w-]{20,}/g;
const MAX_MESSAGE = 1_000;
const MAX_STACK = 4_000;

export function redactToken(text: string, token: string): string {
  const own = token === "" ? text : text.split(token).join("[token]");
  return own.replace(TOKEN_SHAPE, "[token]");
}

export function describeError(error: unknown, token: string): ErrorSummary {
  try {
    return summarise(error, token);
  } catch {
    return { name: "UndescribableError", message: "[the thrown value could not be described]" };
  }
}

function summarise(error: unknown, token: string): ErrorSummary {
  const clean = (value: unknown, max: number): string => redactToken(textOf(value), token).slice(0, max);
  if (isInstance(error, GrammyError)) {
    // `error.payload` is deliberately left out: it is the request, with text and chat id.
    const description = read(error, "description");
    const summary: ErrorSummary = { name: "GrammyError", message: description === undefined ? "(no description)" : clean(description, MAX_MESSAGE) };
    const method = read(error, "method");
    if (typeof method === "string") summary.method = method.slice(0, 100);
    const code = read(error, "error_code");
    if (typeof code === "number") summary.errorCode = code;
    return summary;
  }
  if (isInstance(error, HttpError)) return { name: "HttpError", message: clean(read(error, "message"), MAX_MESSAGE) };
  if (isInstance(error, Error)) {
    const summary: ErrorSummary = { name: clean(read(error, "name"), 100) || "Error", message: clean(read(error, "message"), MAX_MESSAGE) };
    const stack = read(error, "stack");
    if (typeof stack === "string" && stack !== "") summary.stack = clean(stack, MAX_STACK);
    return summary;
  }
  return { name: error === null ? "null" : typeof error, message: clean(error, MAX_MESSAGE) };
}

/** instanceof without the risk: a proxy's getPrototypeOf trap may throw. */
function isInstance<T>(value: unknown, type: abstract new (...args: never[]) => T): value is T {
  try {
    return value instanceof type;
  } catch {
    return false;
  }
}

/** One property, undefined when the getter (or a proxy trap) throws. */
function read(value: object, key: string): unknown {
  try {
    return (value as Record<string, unknown>)[key];
  } catch {
    return undefined;
  }
}

/** A printable form of any value; "[unprintable]" when even String() throws (null prototype, bad toString). */
function textOf(value: unknown): string {
  if (typeof value === "string") return value;
  if (value === undefined) return "";
  try {
    return String(value);
  } catch {
    return "[unprintable]";
  }
}
