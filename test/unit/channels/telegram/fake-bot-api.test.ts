// The fake Bot API itself: the protocol details the adapter tests rely on.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startFakeTelegram, type FakeTelegramBotApi } from "../../../fakes/telegram-bot-api.ts";

let fake: FakeTelegramBotApi;
interface ApiAnswer {
  ok: boolean;
  result?: unknown;
  error_code?: number;
  description?: string;
  parameters?: { retry_after?: number };
}

async function call(method: string, params: Record<string, unknown> = {}, token = fake.token): Promise<{ status: number; body: ApiAnswer }> {
  const res = await fetch(`${fake.apiRoot}/bot${token}/${method}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(params),
  });
  return { status: res.status, body: (await res.json()) as ApiAnswer };
}

beforeEach(async () => {
  fake = await startFakeTelegram({ webhookRetryDelayMs: 20, maxDeliveryAttempts: 3 });
});
afterEach(async () => {
  await fake.close();
});

describe("fake Telegram Bot API", () => {
  it("rejects a wrong token with 401 and records the call", async () => {
    expect(await call("getMe", {}, "1:wrong")).toEqual({ status: 401, body: { ok: false, error_code: 401, description: "Unauthorized" } });
    expect((await call("getMe")).body.result).toMatchObject({ id: fake.bot.id, is_bot: true });
    expect((await call("noSuchMethod")).status).toBe(404);
    expect(fake.calls.map((c) => c.status)).toEqual([401, 200, 404]);
  });

  it("accepts query and form parameters", async () => {
    const q = await fetch(`${fake.apiRoot}/bot${fake.token}/sendMessage?chat_id=7&text=hi`);
    expect(((await q.json()) as ApiAnswer).result).toMatchObject({ chat: { id: 7 }, text: "hi" });
    const markup = JSON.stringify({ inline_keyboard: [[{ text: "A", callback_data: "c:1:a" }]] });
    const f = await fetch(`${fake.apiRoot}/bot${fake.token}/sendMessage`, {
      method: "POST",
      body: new URLSearchParams({ chat_id: "7", text: "yo", reply_markup: markup }),
    });
    expect(((await f.json()) as ApiAnswer).result).toMatchObject({ text: "yo", reply_markup: { inline_keyboard: [[{ text: "A" }]] } });
  });

  it("validates sendMessage like Telegram", async () => {
    expect((await call("sendMessage", { chat_id: 1, text: "" })).body.description).toBe("Bad Request: message text is empty");
    expect((await call("sendMessage", { chat_id: 1, text: "x".repeat(4097) })).body.description).toBe("Bad Request: message is too long");
    expect((await call("sendMessage", { chat_id: 1, text: "&lt;".repeat(4096), parse_mode: "HTML" })).status).toBe(200);
    expect((await call("sendMessage", { chat_id: 1, text: "<script>x</script>", parse_mode: "HTML" })).body.description).toMatch(/can't parse entities/);
    expect((await call("sendMessage", { text: "x" })).body.description).toBe("Bad Request: chat_id is empty");
    const ids = [
      (await call("sendMessage", { chat_id: 1, text: "a" })).body.result,
      (await call("sendMessage", { chat_id: 1, text: "b" })).body.result,
    ] as Array<{ message_id: number }>;
    expect((ids[1]?.message_id ?? 0) > (ids[0]?.message_id ?? 0)).toBe(true);
    const edited = await call("editMessageText", { chat_id: 1, message_id: ids[1]?.message_id, text: "b2" });
    expect(edited.body.result).toMatchObject({ text: "b2" });
  });

  it("long polls: releases on injection, confirms by offset, a newer poll ends an older one with 409", async () => {
    // An hour-long poll: only the injection can answer it before the test's own timeout.
    const pending = call("getUpdates", { timeout: 3600 });
    await fake.waitForCall("getUpdates");
    const injected = fake.injectText(1, "hello");
    const first = await pending;
    expect(first.body.result).toEqual([injected]);
    expect((await call("getUpdates", { offset: injected.update_id })).body.result).toEqual([injected]);
    expect((await call("getUpdates", { offset: injected.update_id + 1 })).body.result).toEqual([]);
    const older = call("getUpdates", { offset: injected.update_id + 1, timeout: 10 });
    await fake.waitForCall("getUpdates", () => fake.callsOf("getUpdates").length === 4);
    const newer = call("getUpdates", { offset: injected.update_id + 1, timeout: 0 });
    expect((await older).status).toBe(409);
    expect((await newer).status).toBe(200);
  });

  it("injects faults for the next N calls", async () => {
    fake.injectFault("sendMessage", { kind: "429", retryAfter: 3 });
    fake.injectFault("sendMessage", { kind: "403" });
    fake.injectFault("sendMessage", { kind: "500" });
    const a = await call("sendMessage", { chat_id: 1, text: "x" });
    expect(a).toEqual({ status: 429, body: { ok: false, error_code: 429, description: "Too Many Requests: retry after 3", parameters: { retry_after: 3 } } });
    expect((await call("sendMessage", { chat_id: 1, text: "x" })).body.description).toBe("Forbidden: bot was blocked by the user");
    expect((await call("sendMessage", { chat_id: 1, text: "x" })).status).toBe(500);
    expect((await call("sendMessage", { chat_id: 1, text: "x" })).status).toBe(200);
  });

  it("pushes updates to a webhook with the secret header, retries failures, blocks getUpdates", async () => {
    const seen: Array<{ secret: string | undefined; body: string }> = [];
    let failFirst = true;
    const hook = http.createServer((req, res) => {
      let body = "";
      req.on("data", (c: Buffer) => (body += c.toString()));
      req.on("end", () => {
        seen.push({ secret: req.headers["x-telegram-bot-api-secret-token"] as string | undefined, body });
        res.statusCode = failFirst ? 500 : 200;
        failFirst = false;
        res.end();
      });
    });
    await new Promise<void>((r) => hook.listen(0, "127.0.0.1", r));
    const url = `http://127.0.0.1:${(hook.address() as AddressInfo).port}/hook`;
    try {
      expect((await call("setWebhook", { url, secret_token: "s3cr3t" })).body.result).toBe(true);
      expect((await call("getUpdates")).status).toBe(409);
      const u = fake.injectText(9, "pushed");
      await expect.poll(() => fake.deliveries.map((d) => d.status)).toEqual([500, 200]);
      expect(seen.map((s) => s.secret)).toEqual(["s3cr3t", "s3cr3t"]);
      expect(JSON.parse(seen[1]?.body ?? "{}")).toEqual(u);
      expect((await call("getWebhookInfo")).body.result).toMatchObject({ url, pending_update_count: 0 });
    } finally {
      hook.closeAllConnections();
      await new Promise<void>((r) => hook.close(() => r()));
    }
  });
});
