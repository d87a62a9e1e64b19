// /readyz and /healthz on the whole app, on PGlite (nothing to drop, the probe still answers) and on
// PostgreSQL (its own small probe pool). Outages are covered by db-outage.test.ts.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../helpers/start-app.ts";

describe("readiness and liveness", () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(async () => {
    await app?.stop();
  });

  it("both answer 200 while the database answers", async () => {
    expect((await fetch(`${app.url}/readyz`)).status).toBe(200);
    expect(await (await fetch(`${app.url}/healthz`)).json()).toEqual({ ok: true });
    expect(await app.db.ping()).toBe(true);
  });
});
