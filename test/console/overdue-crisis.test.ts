// The queue shows a crisis nobody claimed within the target (5 minutes by default) in red, with words.
import { afterAll, beforeAll, expect, it } from "vitest";
import { ConsoleClient } from "./console-client.ts";
import { startConsoleTest, type ConsoleTest } from "./harness.ts";

let t: ConsoleTest;
beforeAll(async () => {
  t = await startConsoleTest();
});
afterAll(async () => {
  await t?.stop();
});

const card = (html: string, handle: string): string => {
  const at = html.indexOf(`id="h-${handle}"`);
  return html.slice(html.lastIndexOf("<article", at), html.indexOf("</article>", at));
};

it("marks unclaimed crises waiting longer than the target, and only those", async () => {
  const overdue = await t.caseFor({ priority: 0 });
  const fresh = await t.caseFor({ priority: 0 });
  const claimed = await t.caseFor({ priority: 0 });
  const normal = await t.caseFor({ priority: 2, waitingMinutes: 60 });
  const ago = (m: number) => new Date(t.clock.now().getTime() - m * 60_000);
  await t.stores.cases.updateCase(overdue.id, { crisisSince: ago(6) });
  await t.stores.cases.updateCase(fresh.id, { crisisSince: ago(2) });
  await t.stores.cases.updateCase(claimed.id, { crisisSince: ago(30) });
  const boss = await t.staff("admin");
  await t.stores.cases.claimCase(claimed.id, boss.id, t.clock.now());

  const c = new ConsoleClient(t.url);
  await c.login(boss.email, boss.password);
  const html = (await c.get("/console")).html;
  expect(card(html, overdue.handle)).toMatch(/class="card[^"]*\boverdue\b/);
  expect(card(html, overdue.handle)).toContain("quá 5 phút chưa ai nhận");
  for (const other of [fresh, claimed, normal]) expect(card(html, other.handle), other.handle).not.toContain("overdue");
});
