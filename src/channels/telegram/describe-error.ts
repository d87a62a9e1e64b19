// Turns any error into a log-safe summary: no request payloads (they hold message text and chat ids)
// and the bot token redacted wherever it might appear.
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

export function redactToken(text: string, token: string): string {
  return text.split(token).join("[token]").replace(TOKEN_SHAPE, "[token]");
}

export function describeError(error: unknown, token: string): ErrorSummary {
  if (error instanceof GrammyError) {
    // `error.payload` is deliberately left out: it is the request, with text and chat id.
    return { name: "GrammyError", message: redactToken(error.description, token), method: error.method, errorCode: error.error_code };
  }
  if (error instanceof HttpError) {
    return { name: "HttpError", message: redactToken(error.message, token) };
  }
  if (error instanceof Error) {
    const summary: ErrorSummary = { name: error.name, message: redactToken(error.message, token) };
    if (error.stack) summary.stack = redactToken(error.stack, token);
    return summary;
  }
  return { name: typeof error, message: redactToken(String(error), token) };
}
