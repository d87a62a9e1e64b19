// pino JSON logs; pretty only in a TTY. Never pass message text or messenger ids to a logger:
// the redact list below is a safety net, not a licence.
import pino, { type Logger } from "pino";

export type { Logger };

export function createLogger(options: { level?: string; pretty?: boolean } = {}): Logger {
  const pretty = options.pretty ?? (process.stdout.isTTY === true && process.env.NODE_ENV !== "production");
  return pino({
    level: options.level ?? "info",
    redact: {
      paths: ["text", "*.text", "body", "*.body", "chatId", "*.chatId", "externalId", "*.externalId", "token", "*.token"],
      censor: "[redacted]",
    },
    ...(pretty ? { transport: { target: "pino-pretty", options: { translateTime: "SYS:HH:MM:ss" } } } : {}),
  });
}

/** A logger that drops everything, for tests and benchmarks. */
export function silentLogger(): Logger {
  return pino({ level: "silent" });
}
