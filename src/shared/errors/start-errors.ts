// Start failures an operator can fix, as one plain line instead of a stack trace.
import { isAppError } from "./app-error.ts";

interface SystemError {
  code?: unknown;
  port?: unknown;
  address?: unknown;
  syscall?: unknown;
}

/** One line saying what went wrong and how to fix it; null when the error is not one of these. */
export function startErrorLine(error: unknown): string | null {
  if (typeof error !== "object" || error === null) return null;
  // A broken data file shipped with the app (e.g. a report template): the message names the file and the entry.
  if (isAppError(error) && error.code === "invalid_config") return `Cannot start: ${error.message}`;
  const e = error as SystemError;
  if (e.syscall !== "listen" && e.code !== "EADDRINUSE") return null;
  const where = `${typeof e.address === "string" ? e.address : "0.0.0.0"}:${typeof e.port === "number" ? e.port : "?"}`;
  const next = typeof e.port === "number" ? e.port + 1 : 3001;
  if (e.code === "EADDRINUSE")
    return `Cannot start: port ${where} is already in use (is another "npm start" running?). Stop the other process, or choose a free port: PORT=${next} npm start`;
  if (e.code === "EACCES") return `Cannot start: no permission to listen on ${where}. Choose a port above 1023, e.g. PORT=3000 npm start`;
  if (e.code === "EADDRNOTAVAIL") return `Cannot start: address ${where} is not available on this machine. Check HOST (0.0.0.0 listens everywhere).`;
  return null;
}
