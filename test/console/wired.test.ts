// The console as src/app.ts mounts it: same web shell (security headers),
// and the setup link is logged at start while there is no staff.
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../helpers/start-app.ts";
import { ConsoleClient } from "./console-client.ts";

let app: TestApp;
const logs: Array<Record<string, unknown>> = [];

beforeAll(async () => {
  app = await startTestApp({ logger: pino({ level: "info" }, { write: (line: string) => void logs.push(JSON.parse(line) as Record<string, unknown>) }) });
});
afterAll(async () => {
  await app?.stop();
});

describe("console mounted by the app", () => {
  it("serves the console under the app's security headers and logs the setup link at start", async () => {
    const res = await fetch(`${app.url}/console/login`);
    expect(res.headers.get("content-security-policy")).toContain("default-src 'self'");
    expect(res.headers.get("x-frame-options")).toBe("SAMEORIGIN");
    await res.body?.cancel();
    const setupUrl = logs.map((l) => l.setupUrl).find((u): u is string => typeof u === "string");
    expect(setupUrl).toMatch(/^http:\/\/localhost:\d+\/console\/setup\/[\w-]{43}$/);
    const path = new URL(setupUrl!).pathname;
    const c = new ConsoleClient(app.url);
    await c.get(path);
    const made = await c.post(path, { displayName: "Admin", email: "admin@example.org", password: "một câu mật khẩu dài" });
    expect(made.location).toBe("/console");
    expect((await c.get("/console")).status).toBe(200);
  });
});
