// Runs the product as a process: `npm start`. Config problems are printed all at once with fixes.
import { ConfigError } from "./config/env.ts";
import { startApp } from "./app.ts";

try {
  const app = await startApp(process.env);
  let signalled = false;
  const shutdown = (signal: string) => {
    if (signalled) return;
    signalled = true;
    console.log(`\n${signal} received: finishing in-flight messages…`);
    app.stop().then(
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
  throw error;
}
