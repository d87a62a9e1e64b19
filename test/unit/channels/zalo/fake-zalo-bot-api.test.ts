// The fake Zalo platform itself follows zalo-bot-api.md §12, so tests built on it mean something.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { FakeZaloBotApi } from "../../../fakes/zalo-bot-api.ts";

interface Hit {
  headers: http.IncomingHttpHeaders;
  body: string;
}

let fake: FakeZaloBotApi;
let receiver: http.Server;
let hits: Hit[];
let answer = 200;

beforeEach(async () => {
  hits = [];
  answer = 200;
  receiver = http.createServer((req, res) => {
    let body = "";
    req.on("data", (c: Buffer) => (body += c.toString()));
    req.on("end", () => {
      hits.push({ headers: req.headers, body });
      res.writeHead(answer).end();
    });
  });
  await new Promise<void>((r) => receiver.listen(0, "127.0.0.1", r));
  const port = (receiver.address() as AddressInfo).port;
  fake = await FakeZaloBotApi.start({
    resolveWebhookUrl: (url) => url.replace("https://bot.example.org", `http://127.0.0.1:${port}`),
    redeliveries: 1,
    testWebhookDailyLimit: 1,
  });
});
afterEach(async () => {
  await fake.close();
  await new Promise<void>((r) => receiver.close(() => r()));
});

const api = (method: string, init?: RequestInit, token = fake.token) => fetch(`${fake.baseUrl}/bot${token}/${method}`, init);
const json = (body: unknown): RequestInit => ({ method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });

describe("fake Zalo Bot API", () => {
  it("routes GET with query and POST with form or JSON, merging query and body", async () => {
    const chat = "a".repeat(20);
    expect((await (await api(`sendMessage?chat_id=${chat}&text=hi`, { method: "GET" })).json()).ok).toBe(true);
    const form = await api(`sendMessage?chat_id=${chat}`, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: "text=xin+ch%C3%A0o",
    });
    expect(await form.json()).toMatchObject({ ok: true, result: { message_id: expect.stringMatching(/^[0-9a-f]{20}$/), date: expect.any(Number) } });
    expect(fake.sentTo(chat).map((s) => s.text)).toEqual(["hi", "xin chào"]);
    expect(fake.calls.every((c) => !c.path.includes(fake.token))).toBe(true);
  });

  it("answers 401 for a wrong token and 400 for an unknown method, in both status modes", async () => {
    expect((await api("getMe", json({}), "1:nope")).status).toBe(401);
    expect(await (await api("sendTemplate", json({}))).json()).toEqual({ ok: false, error_code: 400, description: "Bad request: invalid API name" });
    fake.statusMode = "always_200";
    const res = await api("getMe", json({}), "1:nope");
    expect([res.status, await res.json()]).toEqual([200, { ok: false, error_code: 401, description: "Unauthorized" }]);
  });

  it("validates parameters with 400s", async () => {
    const chat_id = "a".repeat(20);
    const bad = [
      ["sendMessage", { chat_id, text: "" }],
      ["sendMessage", { chat_id, text: "x".repeat(2001) }],
      ["sendMessage", { text: "hi" }],
      ["sendPhoto", { chat_id, photo: "http://x.org/a.jpg" }],
      ["sendVoice", { chat_id, voice_url: "https://x.org/a.mp3" }],
      ["sendChatAction", { chat_id, action: "recording" }],
      ["setWebhook", { url: "https://bot.example.org/w", secret_token: "short" }],
      ["setWebhook", { url: "http://bot.example.org/w", secret_token: "long-enough" }],
      ["setWebhook", { url: "https://127.0.0.1/w", secret_token: "long-enough" }],
    ] as const;
    for (const [method, params] of bad) expect((await api(method, json(params))).status, `${method} ${JSON.stringify(params)}`).toBe(400);
    expect(await (await api("sendChatAction", json({ chat_id, action: "typing" }))).json()).toEqual({ ok: true });
  });

  it("probes on setWebhook, then pushes events with the secret and a Java user agent, redelivering once on failure", async () => {
    const set = await (await api("setWebhook", json({ url: "https://bot.example.org/webhooks/zalo", secret_token: "s3cret-s3cret" }))).json();
    expect(set.result).toMatchObject({ url: "https://bot.example.org/webhooks/zalo", verification: { ok: true, outcome: "webhook.ok" } });
    expect(hits[0]).toMatchObject({ body: "" });
    expect(hits[0]?.headers["x-bot-api-secret-token"]).toBeUndefined();
    expect((await api("getUpdates", json({ timeout: 0 }))).status).toBe(400); // webhook active
    answer = 500;
    const { deliveries, update } = await fake.inject({ text: "alo" });
    expect(deliveries.map((d) => d.result.status)).toEqual([500, 500]);
    expect(hits[1]?.headers).toMatchObject({ "x-bot-api-secret-token": "s3cret-s3cret", "content-type": "application/json" });
    expect(hits[1]?.headers["user-agent"]).toMatch(/^Java\//);
    expect(JSON.parse(hits[1]!.body)).toEqual(update);
    fake.webhookBody = "wrapped";
    answer = 200;
    const wrapped = await fake.inject({ kind: "image" });
    expect(JSON.parse(hits.at(-1)!.body)).toEqual({ ok: true, result: wrapped.update });
  });

  it("testWebhook probes and hits its daily cap with errorCode 426", async () => {
    await api("setWebhook", json({ url: "https://bot.example.org/webhooks/zalo", secret_token: "s3cret-s3cret" }));
    expect((await (await api("testWebhook", json({}))).json()).result).toMatchObject({ ok: true, outcome: "webhook.ok", status_code: 200 });
    const capped = await api("testWebhook", json({}));
    expect([capped.status, await capped.json()]).toEqual([426, { ok: false, errorCode: 426, description: "Daily testWebhook limit exceeded" }]);
    expect((await (await api("deleteWebhook", json({}))).json()).result).toMatchObject({ url: "", updated_at: expect.any(Number) });
    expect((await (await api("getWebhookInfo", json({}))).json()).result).toEqual({ url: "" });
  });

  it("builds events with 20-hex ids and millisecond dates; GROUP chats have their own id", async () => {
    const priv = await fake.inject({ kind: "voice" });
    expect(priv.update.message).toMatchObject({
      message_id: expect.stringMatching(/^[0-9a-f]{20}$/),
      chat: { id: priv.userId, chat_type: "PRIVATE" },
      voice_url: expect.stringMatching(/\.aac$/),
    });
    expect(priv.update.message.date as number).toBeGreaterThan(1e12);
    const group = await fake.inject({ chatType: "GROUP" });
    expect(group.chatId).not.toBe(group.userId);
    const unsupported = await fake.inject({ kind: "unsupported" });
    expect(Object.keys(unsupported.update.message).sort()).toEqual(["chat", "date", "from", "message_id"]);
  });

  it("serves one queued update per getUpdates, in order, then holds and answers 408", async () => {
    const a = await fake.inject({ text: "a" });
    const b = await fake.inject({ text: "b" });
    const first = await (await api("getUpdates", json({ timeout: "30" }))).json();
    const second = await (await api("getUpdates", json({ timeout: 30 }))).json();
    expect([first.result.message.message_id, second.result.message.message_id]).toEqual([a.messageId, b.messageId]);
    const idle = await api("getUpdates", json({ timeout: "0" }));
    expect([idle.status, await idle.json()]).toEqual([408, { ok: false, error_code: 408, description: "Request timeout" }]);
  });

  it("injects faults: 429, 403, 5xx, non-JSON, dropped connections", async () => {
    fake.failNext("getMe", { kind: "quota" });
    fake.failNext("getMe", { kind: "internal" });
    fake.failNext("getMe", { kind: "server_error", status: 502 });
    fake.failNext("getMe", { kind: "non_json" });
    fake.failNext("getMe", { kind: "drop" });
    expect(await (await api("getMe", json({}))).json()).toEqual({ ok: false, error_code: 429, description: "Quota exceeded" });
    expect(await (await api("getMe", json({}))).json()).toEqual({ ok: false, error_code: 403, description: "Internal server error" });
    expect((await api("getMe", json({}))).status).toBe(502);
    expect(await (await api("getMe", json({}))).text()).toContain("<html>");
    await expect(api("getMe", json({}))).rejects.toThrow();
    expect((await (await api("getMe", json({}))).json()).result).toEqual({
      id: fake.world.botId,
      account_name: "bot.fake",
      account_type: "BASIC",
      can_join_groups: false,
    });
  });
});
