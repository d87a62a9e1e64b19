// The Bot API client's CPU per call: grammY's default transport (node-fetch) against ours
// (src/channels/telegram/bot-api-transport.ts, node:http with the same keep-alive agent), both through a
// grammY Api with the product's auto-retry transformer, sending the same sendMessage (HTML text and an
// inline keyboard, as a conversation reply) to the fake Telegram Bot API in another process, so only the
// client's CPU is counted (process.cpuUsage of this process). Rounds alternate, so a busy moment of the
// machine falls on both; the reference is the default transport in the same run.
// Run: npm run bench:bot-api     BENCH_CALLS (per round, 4000), BENCH_ROUNDS (10), BENCH_CONCURRENCY (20)
import { spawn } from "node:child_process";
import os from "node:os";
import path from "node:path";
import readline from "node:readline";
import { autoRetry } from "@grammyjs/auto-retry";
import { Bot } from "grammy";
import { botApiFetch } from "../src/channels/telegram/bot-api-transport.ts";
import { startFakeTelegram } from "../test/fakes/telegram-bot-api.ts";

if (process.argv.includes("--serve")) {
  const fake = await startFakeTelegram();
  console.log(JSON.stringify({ apiRoot: fake.apiRoot, token: fake.token }));
  // Calls are recorded by the fake; forget them now and then so its memory stays flat.
  setInterval(() => fake.calls.splice(0), 1_000).unref();
  process.on("SIGTERM", () => void fake.close().then(() => process.exit(0)));
} else {
  const CALLS = Number(process.env.BENCH_CALLS ?? 4_000);
  const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 10);
  const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 20);
  const root = path.resolve(import.meta.dirname, "..");
  const server = spawn(process.execPath, ["--import", path.join(root, "src/load-tsx.ts"), path.join(root, "bench/bot-api-transport.ts"), "--serve"], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  const first = await new Promise<string>((resolve) => readline.createInterface({ input: server.stdout! }).once("line", resolve));
  const { apiRoot, token } = JSON.parse(first) as { apiRoot: string; token: string };
  const RETRY = { maxRetryAttempts: 3, maxDelaySeconds: 0, rethrowHttpErrors: true };
  const botWith = (fetch?: typeof globalThis.fetch) => {
    const bot = new Bot(token, { client: { apiRoot, timeoutSeconds: 75, ...(fetch ? { fetch } : {}) } });
    bot.api.config.use(autoRetry(RETRY));
    return bot;
  };
  const variants = { "grammY default (node-fetch)": botWith(), "ours (node:http)": botWith(botApiFetch as unknown as typeof fetch) };
  const text = "<b>Cảm ơn bạn đã tin tưởng chia sẻ.</b> Bạn muốn nói về chuyện gì? Chọn một mục bên dưới hoặc gõ số.";
  const keyboard = { inline_keyboard: [1, 2, 3, 4].map((n) => [{ text: `${n}. Mục ${n}`, callback_data: `m:${n}:7` }]) };
  const round = async (bot: Bot): Promise<number> => {
    let next = 0;
    const c0 = process.cpuUsage();
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next++ < CALLS) {
          await bot.api.sendMessage(1_000 + (next % 500), text, { parse_mode: "HTML", link_preview_options: { is_disabled: true }, reply_markup: keyboard });
        }
      }),
    );
    const c = process.cpuUsage(c0);
    return (c.user + c.system) / CALLS;
  };
  for (const bot of Object.values(variants)) await round(bot); // warm-up: JIT, keep-alive connections
  const samples = new Map<string, number[]>(Object.keys(variants).map((k) => [k, []]));
  for (let r = 0; r < ROUNDS; r++) for (const [name, bot] of Object.entries(variants)) samples.get(name)!.push(await round(bot));
  server.kill("SIGTERM");
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  const [reference, ours] = [...samples.values()].map(median) as [number, number];
  console.log(
    `bot API transport bench — ${new Date().toISOString()} — ${os.cpus().length} × ${os.cpus()[0]?.model ?? "cpu"}, node ${process.version}, load average ${os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(" ")}`,
  );
  console.log(`${ROUNDS} alternating rounds of ${CALLS} sendMessage calls at concurrency ${CONCURRENCY}; client CPU per call (µs)`);
  console.log("");
  console.log("| transport | median | rounds |");
  console.log("|---|---|---|");
  for (const [name, xs] of samples) console.log(`| ${name} | ${median(xs).toFixed(1)} | ${xs.map((x) => x.toFixed(1)).join(", ")} |`);
  console.log("");
  console.log(`ours ÷ default: ${(ours / reference).toFixed(2)}`);
}
