// The reference for bench/throughput.ts: a bare grammY echo bot in webhook mode, on the same web stack
// as the product (Hono on @hono/node-server, grammY's Hono webhook adapter with a secret token), no
// database. Env: TELEGRAM_BOT_TOKEN, TELEGRAM_API_ROOT, PORT, WEBHOOK_SECRET. Prints "ready" when listening.
import { serve } from "@hono/node-server";
import { Bot, webhookCallback } from "grammy";
import { Hono } from "hono";

const bot = new Bot(process.env.TELEGRAM_BOT_TOKEN ?? "", { client: { apiRoot: process.env.TELEGRAM_API_ROOT } });
bot.on("message:text", (ctx) => ctx.reply(ctx.message.text));
await bot.init();
const app = new Hono();
app.post("/", webhookCallback(bot, "hono", { secretToken: process.env.WEBHOOK_SECRET }));
app.get("/healthz", (c) => c.text("ok"));
const server = serve({ fetch: app.fetch, port: Number(process.env.PORT), hostname: "127.0.0.1" }, () => console.log(JSON.stringify({ msg: "ready" })));
process.on("SIGTERM", () => server.close(() => process.exit(0)));
