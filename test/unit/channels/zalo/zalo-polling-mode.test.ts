// The Zalo adapter in long-polling mode, over real HTTP against the fake Zalo platform.
import { afterEach, describe, expect, it } from "vitest";
import { createZaloChannel, type ZaloChannelHandle } from "../../../../src/channels/zalo/index.ts";
import { FakeZaloBotApi, type StatusMode } from "../../../fakes/zalo-bot-api.ts";
import {
  captureLogger,
  createMemoryLocks,
  createRecordingSink,
  eventually,
  testTranslator,
  type CapturedLogger,
  type MemoryLocks,
  type RecordingSink,
} from "./zalo-test-kit.ts";

const RETRY = { baseDelayMs: 1, maxDelayMs: 5, maxAttempts: 3 };

interface Rig {
  fake: FakeZaloBotApi;
  handle: ZaloChannelHandle;
  sink: RecordingSink;
  locks: MemoryLocks;
  log: CapturedLogger;
}

const rigs: Rig[] = [];

async function startRig(options: { token?: string; statusMode?: StatusMode; beforeStart?: (fake: FakeZaloBotApi) => void } = {}): Promise<Rig> {
  const fake = await FakeZaloBotApi.start({ statusMode: options.statusMode ?? "error_code" });
  options.beforeStart?.(fake);
  const sink = createRecordingSink();
  const locks = createMemoryLocks();
  const log = captureLogger();
  const handle = createZaloChannel({
    token: options.token ?? fake.token,
    apiBase: fake.baseUrl,
    sink,
    translator: testTranslator(),
    logger: log.logger,
    locks,
    retry: RETRY,
  });
  sink.bind(handle.channel);
  const rig = { fake, handle, sink, locks, log };
  rigs.push(rig);
  await handle.start();
  return rig;
}

async function polling(rig: Rig): Promise<void> {
  await rig.fake.waitFor(() => rig.fake.heldPolls === 1, 5_000, "a held getUpdates");
}

afterEach(async () => {
  for (const rig of rigs.splice(0)) {
    await rig.handle.stop();
    await rig.fake.close();
  }
});

describe.each<StatusMode>(["error_code", "always_200"])("Zalo channel, polling mode (status mode %s)", (statusMode) => {
  it('takes the poll lock for this bot, deletes any webhook, then long-polls with timeout "30"', async () => {
    const rig = await startRig({
      statusMode,
      beforeStart: (fake) => {
        fake.world.webhook = { url: "https://old.example.org/webhooks/zalo", secret: "old-secret-123", updatedAt: 1 };
      },
    });
    await polling(rig);
    expect(rig.locks.acquired).toEqual([`zalo-poll:${rig.fake.world.botId}`]);
    const methods = rig.fake.calls.map((c) => c.method);
    expect(methods.slice(0, 3)).toEqual(["getMe", "deleteWebhook", "getUpdates"]);
    expect(rig.fake.callsOf("getUpdates")[0]?.params).toEqual({ timeout: "30" });
  });

  it("delivers text to the sink and replies; handles media, groups, unknown events and duplicates", async () => {
    const rig = await startRig({ statusMode });
    await polling(rig);
    const text = await rig.fake.inject({ text: "hai" });
    await rig.fake.inject({ kind: "voice" });
    await rig.fake.inject({ chatType: "GROUP" });
    await rig.fake.inject({ eventName: "message.location.received" });
    await rig.fake.injectUpdate(text.update); // duplicate delivery
    await eventually(() => rig.sink.handled.length === 2 && rig.fake.world.sent.length === 2);
    await polling(rig); // everything queued has been consumed
    expect(rig.sink.calls.map((e) => e.event)).toEqual([
      { kind: "text", text: "hai" },
      { kind: "unsupported", media: "voice" },
    ]);
    expect(rig.sink.handled[0]).toMatchObject({ channel: "zalo", externalId: text.chatId, channelMessageId: text.messageId });
    expect(rig.log.text()).toContain("message.location.received");
  });

  it("keeps polling through 429, 403, 5xx, dropped connections and an idle 408", async () => {
    const rig = await startRig({
      statusMode,
      beforeStart: (fake) => {
        fake.failNext("getUpdates", { kind: "quota" });
        fake.failNext("getUpdates", { kind: "internal" });
        fake.failNext("getUpdates", { kind: "server_error", status: 503 });
        fake.failNext("getUpdates", { kind: "drop" });
        fake.failNext("getUpdates", { kind: "error", code: 408, description: "Request timeout" });
        fake.failNext("getUpdates", { kind: "non_json" });
      },
    });
    await polling(rig);
    const { chatId } = await rig.fake.inject({ text: "alo" });
    await rig.fake.waitFor(() => rig.fake.sentTo(chatId).length === 1);
    expect(rig.fake.callsOf("getUpdates").length).toBeGreaterThanOrEqual(7);
  });

  it("a 429 on the reply is retried, then succeeds", async () => {
    const rig = await startRig({ statusMode });
    await polling(rig);
    rig.fake.failNext("sendMessage", { kind: "quota" });
    const { chatId } = await rig.fake.inject({ text: "alo" });
    await rig.fake.waitFor(() => rig.fake.sentTo(chatId).length === 1);
    expect(rig.fake.callsOf("sendMessage").map((c) => c.status)).toEqual([statusMode === "error_code" ? 429 : 200, 200]);
  });
});

describe("Zalo channel, polling mode: lifecycle", () => {
  it("retries the sink when the core fails, so an update already consumed from Zalo is not lost", async () => {
    const rig = await startRig();
    await polling(rig);
    rig.sink.failNext = 2;
    const { chatId } = await rig.fake.inject({ text: "alo" });
    await rig.fake.waitFor(() => rig.fake.sentTo(chatId).length === 1);
    expect(rig.sink.calls).toHaveLength(3);
    expect(rig.log.text()).not.toContain("database unavailable"); // error messages may quote data: only names are logged
  });

  it("stop() aborts the held poll, finishes in-flight processing, then releases the lock", async () => {
    const rig = await startRig();
    await polling(rig);
    rig.sink.delayMs = 200;
    const { chatId } = await rig.fake.inject({ text: "chậm" });
    await eventually(() => rig.sink.calls.length === 1);
    await rig.handle.stop();
    expect(rig.fake.sentTo(chatId)).toHaveLength(1);
    expect(rig.locks.released).toEqual([`zalo-poll:${rig.fake.world.botId}`]);
    await rig.fake.waitFor(() => rig.fake.heldPolls === 0, undefined, "the poll to be dropped");
    // Aborted, not waited out: the fake never answered the held poll (it would have said 408 after 30 s).
    expect(rig.fake.callsOf("getUpdates").at(-1)?.status).toBeUndefined();
  });

  it("a second instance waits for the lock: only one poller per bot", async () => {
    const fake = await FakeZaloBotApi.start();
    const locks = createMemoryLocks();
    const make = () => {
      const sink = createRecordingSink();
      const handle = createZaloChannel({
        token: fake.token,
        apiBase: fake.baseUrl,
        sink,
        translator: testTranslator(),
        logger: captureLogger().logger,
        locks,
        retry: RETRY,
      });
      sink.bind(handle.channel);
      return handle;
    };
    const [a, b] = [make(), make()];
    try {
      await a.start();
      await b.start();
      await fake.waitFor(() => fake.heldPolls === 1);
      await eventually(() => locks.contended.includes(`zalo-poll:${fake.world.botId}`), undefined, "the standby to wait for the poll lock");
      expect(fake.heldPolls).toBe(1);
      await a.stop();
      await fake.waitFor(() => fake.heldPolls === 1, undefined, "the standby to take over");
    } finally {
      await a.stop();
      await b.stop();
      await fake.close();
    }
  });

  it("a lost poll lock (database session dropped) aborts the held poll, then polling resumes under the lock taken again", async () => {
    const rig = await startRig();
    await polling(rig);
    const name = `zalo-poll:${rig.fake.world.botId}`;
    rig.locks.lose(name);
    await eventually(() => rig.locks.acquired.length === 2, 5_000, "the lock taken again");
    expect(rig.locks.released).toEqual([name]);
    await polling(rig);
    const { chatId } = await rig.fake.inject({ text: "lại rồi" });
    await rig.fake.waitFor(() => rig.fake.sentTo(chatId).length === 1);
    expect(rig.log.text()).toContain("the polling lock was lost");
  });

  it("a rejected token at start: start() resolves, one operator line, no polling", async () => {
    const rig = await startRig({ token: "1234567890123456789:revoked-token-value" });
    expect(rig.log.text()).toContain("Zalo token rejected (401): check ZALO_BOT_TOKEN");
    expect(rig.log.text()).not.toContain("revoked-token-value");
    expect(rig.fake.callsOf("getUpdates")).toHaveLength(0);
    expect(rig.locks.acquired).toHaveLength(0);
  });

  it("a token revoked while polling stops the loop and releases the lock", async () => {
    const rig = await startRig();
    await polling(rig);
    rig.fake.failNext("getUpdates", { kind: "error", code: 401, description: "Unauthorized" });
    await rig.fake.inject({ text: "đánh thức" }); // releases the held poll; the next poll gets 401
    await eventually(() => rig.locks.released.length === 1, undefined, "the lock release");
    const lines = rig.log.lines.filter((l) => l.includes("Zalo token rejected (401)"));
    expect(lines).toHaveLength(1);
  });
});
