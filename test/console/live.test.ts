// The live queue: an SSE stream per queue page that says "queue" when cases in the viewer's scope
// change, and the script that uses it.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { WAIT_CEILING_MS } from "../helpers/wait.ts";
import { ConsoleClient } from "./console-client.ts";
import { startConsoleTest, type ConsoleTest } from "./harness.ts";
import { sseReader } from "./sse-reader.ts";

let t: ConsoleTest;

beforeAll(async () => {
  t = await startConsoleTest();
});
afterAll(async () => {
  await t?.stop();
});

describe("live queue", () => {
  it("pushes an event when a case in scope arrives or is claimed, not for other areas", async () => {
    const s = await t.staff("supervisor", [22]);
    const c = new ConsoleClient(t.url);
    await c.login(s.email, s.password);
    const page = await c.get("/console");
    expect(page.html).toContain('<script src="/console/console.js" defer=""></script>');
    expect((await c.get("/console/console.js")).html).toContain("EventSource");

    const ac = new AbortController();
    const res = await fetch(`${t.url}/console/events`, { headers: { cookie: `kna_staff=${c.cookies.get("kna_staff")}` }, signal: ac.signal });
    expect(res.headers.get("content-type")).toContain("text/event-stream");
    const events = sseReader(res);
    try {
      expect(await events((n) => n.includes("ready"), WAIT_CEILING_MS)).toContain("ready");
      await t.caseFor({ provinceCode: 40 }); // another area: no event (six polls of 100 ms; a slow machine sees fewer)
      expect(await events((n) => n.includes("queue"), 600)).not.toContain("queue");
      const mine = await t.caseFor({ provinceCode: 22 });
      expect(await events((n) => n.includes("queue"), WAIT_CEILING_MS)).toContain("queue");
      await t.stores.cases.claimCase(mine.id, s.id, new Date());
      expect(await events((n) => n.includes("queue"), WAIT_CEILING_MS)).toContain("queue");
    } finally {
      ac.abort();
    }
  });

  it("needs a session", async () => {
    const res = await fetch(`${t.url}/console/events`, { redirect: "manual" });
    expect(res.status).toBe(303);
    await res.body?.cancel();
  });
});
