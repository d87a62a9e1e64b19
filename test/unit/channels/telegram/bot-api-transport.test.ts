// The Bot API transport against a real HTTP server on loopback: what grammY relies on (the JSON answer
// whatever the status, aborting through its signal) and what it refuses (uploads, huge answers).
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Bot, GrammyError, HttpError } from "grammy";
import { botApiFetch } from "../../../../src/channels/telegram/bot-api-transport.ts";
import { freePort } from "../../../helpers/free-port.ts";

let server: http.Server;
let base: string;
const held: http.ServerResponse[] = [];
const seen: Array<{ method?: string; url?: string; headers: http.IncomingHttpHeaders; body: string }> = [];

beforeAll(async () => {
  server = http.createServer((req, res) => {
    let body = "";
    req.setEncoding("utf8").on("data", (c: string) => (body += c));
    req.on("end", () => {
      seen.push({ method: req.method, url: req.url, headers: req.headers, body });
      if (req.url?.endsWith("/hold")) return void held.push(res);
      if (req.url?.endsWith("/huge")) {
        res.writeHead(200, { "content-type": "application/json" });
        const chunk = Buffer.alloc(1024 * 1024, 32);
        for (let i = 0; i < 40; i++) res.write(chunk);
        return void res.end("{}");
      }
      if (req.url?.endsWith("/notjson")) return void res.writeHead(502, { "content-type": "text/html" }).end("<html>bad gateway</html>");
      const status = req.url?.endsWith("/sendMessage") && JSON.parse(body).chat_id === 403 ? 403 : 200;
      res.writeHead(status, { "content-type": "application/json" });
      res.end(
        status === 200
          ? JSON.stringify({ ok: true, result: { message_id: 7, date: 1, chat: { id: 1, type: "private" }, text: "xin chào" } })
          : JSON.stringify({ ok: false, error_code: 403, description: "Forbidden: bot was blocked by the user" }),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  for (const res of held) res.destroy();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

describe("Bot API transport", () => {
  it("posts JSON and reads the answer as JSON, through grammY", async () => {
    const bot = new Bot("1:token", { client: { apiRoot: base, fetch: botApiFetch as unknown as typeof fetch } });
    const sent = await bot.api.sendMessage(1, "xin chào, mẹ ơi", { parse_mode: "HTML" });
    expect(sent.message_id).toBe(7);
    const call = seen.at(-1)!;
    expect(call).toMatchObject({ method: "POST", url: "/bot1:token/sendMessage" });
    expect(call.headers["content-type"]).toBe("application/json");
    expect(Number(call.headers["content-length"])).toBe(Buffer.byteLength(call.body));
    expect(JSON.parse(call.body)).toMatchObject({ chat_id: 1, text: "xin chào, mẹ ơi" });
  });

  it("hands grammY the Bot API's error answer, so it becomes a GrammyError with its code", async () => {
    const bot = new Bot("1:token", { client: { apiRoot: base, fetch: botApiFetch as unknown as typeof fetch } });
    const error = await bot.api.sendMessage(403, "x").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GrammyError);
    expect((error as GrammyError).error_code).toBe(403);
  });

  it("fails as a network error when nobody listens, and when the answer is not JSON", async () => {
    const bot = new Bot("1:token", { client: { apiRoot: `http://127.0.0.1:${await freePort()}`, fetch: botApiFetch as unknown as typeof fetch } });
    expect(await bot.api.sendMessage(1, "x").catch((e: unknown) => e)).toBeInstanceOf(HttpError);
    await expect((await botApiFetch(`${base}/notjson`, { method: "POST", body: "{}" })).json()).rejects.toThrow(SyntaxError);
  });

  it("aborts a request in flight when grammY's signal fires", async () => {
    const controller = new AbortController();
    const pending = botApiFetch(`${base}/hold`, { method: "POST", body: "{}", signal: controller.signal });
    await new Promise<void>((resolve) => (held.length > 0 ? resolve() : server.once("request", () => setImmediate(resolve))));
    controller.abort(new Error("timed out"));
    await expect(pending).rejects.toThrow("timed out");
    await expect(botApiFetch(`${base}/x`, { signal: controller.signal })).rejects.toThrow("timed out");
  });

  it("refuses what it does not send or read: uploads, other protocols, huge answers", async () => {
    await expect(botApiFetch(`${base}/x`, { method: "POST", body: new Uint8Array(3) })).rejects.toThrow(/only JSON/);
    await expect(botApiFetch("ftp://127.0.0.1/x")).rejects.toThrow(/unsupported protocol/);
    await expect(botApiFetch(`${base}/huge`)).rejects.toThrow(/larger than/);
  });
});
