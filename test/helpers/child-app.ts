// Starts the WHOLE app as a child process (`node --import ./src/load-tsx.ts src/main.ts`, as `npm start` runs it), so that a crash is
// observable from outside: `exit` is set the moment the process ends. Its JSON log lines are parsed and
// kept (LOG_LEVEL info by default), and `until` polls a condition with a generous ceiling.
//   const app = await startChildApp({ port: await freePort(), env: { DATABASE_URL: url } });
//   ... fetch(`${app.url}/readyz`), app.logs, app.exit ...
//   await app.stop();
import { spawn } from "node:child_process";
import path from "node:path";
import { TEST_KEYS } from "./start-app.ts";

export type LogLine = Record<string, unknown> & { msg?: string };

export interface ChildApp {
  url: string;
  pid: number;
  /** Parsed JSON log lines so far (stdout). */
  logs: LogLine[];
  /** Everything the process wrote to stderr (an unhandled 'error' event lands here). */
  stderr(): string;
  /** Set once the process has ended. */
  exit: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  waitForLog(predicate: (line: LogLine) => boolean, timeoutMs?: number): Promise<LogLine>;
  /** SIGTERM, then SIGKILL if it has not ended after 20 s. */
  stop(): Promise<void>;
}

const ROOT = path.resolve(import.meta.dirname, "../..");

export async function startChildApp(options: { port: number; env: Record<string, string>; readyTimeoutMs?: number }): Promise<ChildApp> {
  const env = {
    PATH: process.env.PATH ?? "",
    NODE_ENV: "test",
    HOST: "127.0.0.1",
    PORT: String(options.port),
    LOG_LEVEL: "info",
    DATA_DIR: ":memory:",
    ...TEST_KEYS,
    ...options.env,
  };
  const child = spawn(process.execPath, ["--import", "./src/load-tsx.ts", "src/main.ts"], { cwd: ROOT, env, stdio: ["ignore", "pipe", "pipe"] });
  const logs: LogLine[] = [];
  const listeners = new Set<(line: LogLine) => void>();
  let pending = "";
  let stderr = "";
  child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
    const parts = (pending + chunk).split("\n");
    pending = parts.pop() ?? "";
    for (const raw of parts) {
      const line = parseLine(raw);
      logs.push(line);
      for (const l of [...listeners]) l(line);
    }
  });
  child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
  const ended = new Promise<void>((resolve) => child.once("exit", (code, signal) => ((app.exit = { code, signal }), resolve())));

  const app: ChildApp = {
    url: `http://127.0.0.1:${options.port}`,
    pid: child.pid ?? 0,
    logs,
    stderr: () => stderr,
    exit: undefined,
    waitForLog(predicate, timeoutMs = 30_000) {
      const found = logs.find(predicate);
      if (found) return Promise.resolve(found);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => done(new Error(`no matching log line within ${timeoutMs} ms; stderr: ${stderr.slice(-2000)}`)), timeoutMs);
        const onLine = (line: LogLine): void => void (predicate(line) && done(undefined, line));
        void ended.then(() => done(new Error(`the app exited (${JSON.stringify(app.exit)}); stderr: ${stderr.slice(-2000)}`)));
        function done(error?: Error, line?: LogLine): void {
          clearTimeout(timer);
          listeners.delete(onLine);
          if (error) reject(error);
          else resolve(line as LogLine);
        }
        listeners.add(onLine);
      });
    },
    async stop() {
      if (app.exit) return;
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 20_000);
      await ended;
      clearTimeout(timer);
    },
  };
  try {
    await app.waitForLog((l) => l.msg === "ready", options.readyTimeoutMs ?? 60_000);
  } catch (error) {
    await app.stop();
    throw error;
  }
  return app;
}

function parseLine(raw: string): LogLine {
  try {
    return JSON.parse(raw) as LogLine;
  } catch {
    return { msg: raw };
  }
}

/** The HTTP status of GET `url`, or 0 when the request failed or took longer than 5 s. */
export async function statusOf(url: string): Promise<number> {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(5_000) });
    await res.arrayBuffer();
    return res.status;
  } catch {
    return 0;
  }
}

/** Polls `condition` until it holds; rejects after `timeoutMs` saying what was awaited. */
export async function until(condition: () => boolean | Promise<boolean>, what: string, timeoutMs = 30_000, everyMs = 100): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
