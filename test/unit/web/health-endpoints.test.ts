// /healthz is liveness (never asks the database); /readyz is readiness (503 while the database is gone).
import { describe, expect, it } from "vitest";
import { silentLogger } from "../../../src/shared/logging/logger.ts";
import { createWebApp } from "../../../src/web/app.ts";

describe("health endpoints", () => {
  it("/readyz follows the database check; /healthz stays 200 and never calls it", async () => {
    let ready = false;
    let checks = 0;
    const app = createWebApp({ logger: silentLogger(), ready: async () => (checks++, ready) });
    const down = await app.request("/readyz");
    expect(down.status).toBe(503);
    expect(down.headers.get("retry-after")).toBe("5");
    expect(await down.json()).toEqual({ ok: false, error: "database unavailable" });
    expect((await app.request("/healthz")).status).toBe(200);
    ready = true;
    expect((await app.request("/readyz")).status).toBe(200);
    expect(checks).toBe(2);
  });
});
