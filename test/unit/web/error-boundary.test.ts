// The web shell's one error boundary: the AppError code table decides status, log level and the
// message a person reads (in their language); unknown errors are a logged 500 that names no detail.
import { describe, expect, it } from "vitest";
import pino from "pino";
import { AppError, APP_ERRORS } from "../../../src/shared/errors/app-error.ts";
import { createTranslator } from "../../../src/shared/i18n/index.ts";
import { createWebApp } from "../../../src/web/app.ts";

function rig() {
  const lines: Array<Record<string, unknown>> = [];
  const logger = pino({ level: "info" }, { write: (l: string) => void lines.push(JSON.parse(l) as Record<string, unknown>) });
  const app = createWebApp({ logger, translator: createTranslator(), ready: async () => true });
  app.get("/refuse", () => {
    throw new AppError("held_by_other", "case 42 is held");
  });
  app.get("/boom", () => {
    throw new Error("driver said: secret value");
  });
  app.post("/json", async (c) => c.json(await c.req.json()));
  return { app, lines };
}

describe("web error boundary", () => {
  it("maps every code of the table to its status", () => {
    for (const [code, spec] of Object.entries(APP_ERRORS)) expect(new AppError(code as keyof typeof APP_ERRORS).httpStatus).toBe(spec.status);
  });

  it("answers an AppError with its status, code and a translated message, logged at the code's level", async () => {
    const { app, lines } = rig();
    const res = await app.request("/refuse", { headers: { "accept-language": "en-GB,en;q=0.8" } });
    expect(res.status).toBe(409);
    expect(await res.json()).toEqual({ error: "held_by_other", message: "That request was not valid." });
    expect(lines.at(-1)).toMatchObject({ level: 30, code: "held_by_other", detail: "case 42 is held", path: "/refuse" });
  });

  it("answers an unknown error with a generic 500 in Vietnamese by default, and logs it as an error", async () => {
    const { app, lines } = rig();
    const res = await app.request("/boom");
    expect(res.status).toBe(500);
    const body = (await res.json()) as { error: string; message: string };
    expect(body.error).toBe("internal");
    expect(body.message).toContain("Xin lỗi");
    expect(JSON.stringify(body)).not.toContain("secret value");
    expect(lines.at(-1)).toMatchObject({ level: 50, code: "internal" });
  });

  it("answers bad JSON with 400 and an unknown path with 404", async () => {
    const { app } = rig();
    expect((await app.request("/json", { method: "POST", body: "{nope", headers: { "content-type": "application/json" } })).status).toBe(400);
    const missing = await app.request("/nowhere");
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ error: "not_found" });
  });
});
