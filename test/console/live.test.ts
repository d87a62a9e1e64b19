// The live queue: an SSE stream per queue page that says "queue" when cases in the viewer's scope
// change, and the script that uses it.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { WAIT_CEILING_MS } from "../helpers/wait.ts";
import { ConsoleClient } from "./console-client.ts";
import { startConsoleTest, type ConsoleTest } from "./harness.ts";

let t: ConsoleTest;

beforeAll(async () => {
  t = await startConsoleTest();
});
afterAll(async () => {
  await t?.stop();
});

/** Reads SSE event names from one stream across calls; a read left pending by a timeout is reused. */
function sseReader(res: Response) {
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let buffer = "";
  let pending: Promise<ReadableStreamReadResult<Uint8Array>> | undefined;
  return async function events(until: (names: string[]) => boolean, ms: number): Promise<string[]> {
    const names: string[] = [];
    const deadline = Date.now() + ms;
    while (Date.now() < deadline && !until(names)) {
      pending ??= reader.read();
      const chunk = await Promise.race([pending, new Promise<null>((r) => setTimeout(() => r(null), deadline - Date.now()))]);
      if (!chunk) break;
      pending = undefined;
      if (chunk.done) break;
      buffer += decoder.decode(chunk.value, { stream: true });
      for (const m of buffer.matchAll(/^event: (\w+)$/gm)) names.push(m[1]!);
      buffer = buffer.slice(buffer.lastIndexOf("\n") + 1);
    }
    return names;
  };
}

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
