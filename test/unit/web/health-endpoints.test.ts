// /healthz is liveness (never asks the database); /readyz is readiness (503 while the database is gone);
// /metrics asks for the bearer token when METRICS_TOKEN is set.
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

  it("/metrics answers only the right bearer token when a token is set, and anyone when not", async () => {
    const metrics = async () => ({ contentType: "text/plain; version=0.0.4", body: "ketnoi_up 1\n" });
    const locked = createWebApp({ logger: silentLogger(), ready: async () => true, metrics, metricsToken: "s3cret-token-for-tests" });
    for (const authorization of [undefined, "Bearer wrong-token-for-tests", "s3cret-token-for-tests", "Bearer s3cret-token-for-test"]) {
      const res = await locked.request("/metrics", { headers: authorization ? { authorization } : {} });
      expect(res.status).toBe(401);
      expect(res.headers.get("www-authenticate")).toBe('Bearer realm="metrics"');
    }
    const ok = await locked.request("/metrics", { headers: { authorization: "Bearer s3cret-token-for-tests" } });
    expect(ok.status).toBe(200);
    expect(await ok.text()).toBe("ketnoi_up 1\n");
    const open = createWebApp({ logger: silentLogger(), ready: async () => true, metrics });
    expect((await open.request("/metrics")).status).toBe(200);
  });
});
