// Runs the product as a process: `npm start`. Config problems are printed all at once with fixes.
// Process-level error hooks are installed first (process-guards.ts): an unhandled rejection is logged
// and the process stays up; an uncaught exception is logged, then the graceful stop runs and the exit
// code is 1.
import { ConfigError } from "./config/env.ts";
import { startApp, type RunningApp } from "./app.ts";
import { installProcessGuards } from "./process-guards.ts";
import { createLogger } from "./shared/logging/logger.ts";
import { startErrorLine } from "./shared/errors/start-errors.ts";

let app: RunningApp | undefined;
const guards = installProcessGuards({
  target: process,
  logger: createLogger({ level: "info" }).child({ component: "process" }),
  stop: async () => app?.stop(),
  exit: (code) => process.exit(code),
  secrets: [process.env.TELEGRAM_BOT_TOKEN, process.env.ZALO_BOT_TOKEN],
});

try {
  app = await startApp(process.env, { rejections: () => guards.rejections() });
  const running = app;
  let signalled = false;
  const shutdown = (signal: string) => {
    if (signalled) return;
    signalled = true;
    console.log(`\n${signal} received: finishing in-flight messages…`);
    running.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error("shutdown failed", error);
        process.exit(1);
      },
    );
  };
  process.on("SIGINT", () => shutdown("SIGINT"));
  process.on("SIGTERM", () => shutdown("SIGTERM"));
} catch (error) {
  if (error instanceof ConfigError) {
    console.error(error.message);
    process.exit(78); // EX_CONFIG
  }
  const line = startErrorLine(error);
  if (line) {
    console.error(line);
    process.exit(1);
  }
  throw error;
}
