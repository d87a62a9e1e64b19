// /metrics over real HTTP against the whole app (PGlite, or PostgreSQL with TEST_DATABASE_URL): a few web
// chat turns, then one scrape must show turn durations, sends, an empty inbox and outbox, no database errors
// and the process metrics; rows left in the inbox and outbox show up at the next scrape (read on scrape).
import { register as globalRegistry } from "prom-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../helpers/start-app.ts";
import { WebChatClient } from "../helpers/webchat-client.ts";

let app: TestApp;

beforeAll(async () => {
  app = await startTestApp({ rejections: () => 2 });
});
afterAll(async () => {
  await app?.stop();
});

/** Samples of one scrape: `name{labels}` → value. */
async function scrape(): Promise<{ contentType: string; samples: Map<string, number>; text: string }> {
  const res = await fetch(`${app.url}/metrics`);
  expect(res.status).toBe(200);
  const text = await res.text();
  const samples = new Map<string, number>();
  for (const line of text.split("\n")) {
    if (line === "" || line.startsWith("#")) continue;
    const cut = line.lastIndexOf(" ");
    samples.set(line.slice(0, cut), Number(line.slice(cut + 1)));
  }
  return { contentType: res.headers.get("content-type") ?? "", samples, text };
}

describe("/metrics", () => {
  it("shows turn durations, sends by channel and result, an empty inbox and outbox, and process metrics", async () => {
    const c = new WebChatClient(app.url);
    await c.open();
    await c.start();
    await c.tap("vi");
    await c.say("xin chào");
    const sentRows = await app.db.prisma.message.count({ where: { direction: "outbound", channel: "webchat", status: "sent" } });
    const { contentType, samples, text } = await scrape();
    expect(contentType).toMatch(/^text\/plain; version=0\.0\.4/);
    const turns = samples.get('ketnoi_turn_duration_seconds_count{outcome="committed"}')!;
    expect(turns).toBe(3);
    const seconds = samples.get('ketnoi_turn_duration_seconds_sum{outcome="committed"}')!;
    expect(seconds).toBeGreaterThan(0);
    expect(seconds / turns).toBeLessThan(30);
    expect(samples.get('ketnoi_turn_duration_seconds_bucket{le="+Inf",outcome="committed"}')).toBe(3);
    expect(sentRows).toBeGreaterThanOrEqual(3);
    expect(samples.get('ketnoi_sends_total{channel="webchat",result="sent"}')).toBe(sentRows);
    expect(samples.get("ketnoi_inbox_lag_seconds")).toBe(0);
    expect(samples.get('ketnoi_outbox_depth{status="pending"}')).toBe(0);
    expect(samples.get('ketnoi_outbox_depth{status="failed"}')).toBe(0);
    expect(text).toContain("# TYPE ketnoi_database_errors_total counter");
    expect([...samples.keys()].filter((k) => k.startsWith("ketnoi_database_errors_total"))).toEqual([]);
    expect(samples.get("ketnoi_unhandled_rejections_total")).toBe(2);
    expect(samples.get("process_cpu_user_seconds_total")).toBeGreaterThan(0);
    expect(samples.get("nodejs_heap_size_used_bytes")).toBeGreaterThan(0);
    // The app's own registry: nothing lands in prom-client's global one.
    expect(await globalRegistry.getMetricsAsJSON()).toEqual([]);
  });

  it("reads the inbox lag and the outbox depth from the database at each scrape", async () => {
    const person = (await app.db.prisma.person.findFirstOrThrow({ where: { channel: "webchat" } })).id;
    await app.stores.messages.recordInbound({ personId: person, channel: "webchat", body: { kind: "text", text: "not handled yet" } });
    await app.stores.messages.recordOutbound({ personId: person, channel: "webchat", author: "bot", body: { kind: "text", text: "not sent yet" } });
    const { samples } = await scrape();
    const lag = samples.get("ketnoi_inbox_lag_seconds")!;
    expect(lag).toBeGreaterThanOrEqual(0);
    expect(lag).toBeLessThan(600);
    expect(samples.get('ketnoi_outbox_depth{status="pending"}')).toBe(1);
    expect(samples.get('ketnoi_outbox_lane_depth{lane="urgent",status="pending"}')).toBe(1);
    expect(samples.get('ketnoi_outbox_lane_depth{lane="bulk",status="queued"}')).toBe(0);
  });
  it("counts a rolled-back turn: its duration under outcome rolled_back and a turn_rollback database error", async () => {
    const person = (await app.db.prisma.person.findFirstOrThrow({ where: { channel: "webchat" } })).id;
    await expect(app.engine.startTurn({ personId: person, flow: "no-such-flow" })).rejects.toThrow(/no flow named/);
    const { samples } = await scrape();
    expect(samples.get('ketnoi_turn_duration_seconds_count{outcome="rolled_back"}')).toBe(1);
    expect(samples.get('ketnoi_database_errors_total{kind="turn_rollback"}')).toBe(1);
    expect(samples.get('ketnoi_turn_duration_seconds_count{outcome="committed"}')).toBe(3);
  });
});
