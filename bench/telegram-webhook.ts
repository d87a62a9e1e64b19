// Telegram webhook latency under load: the whole app in webhook mode, the fake Bot API pushing 1,000
// updates from 100 concurrent people (each runs a 10-step intake, waiting for the bot before its next
// step, as a person would). Measured per update, in the fake (loopback, one clock):
//   first reply   = webhook POST sent → the reply's sendMessage reaching the fake
//   whole turn    = webhook POST sent → the app's 200 (all replies sent)
// Reference in the same run: GET /healthz on the app, so results travel between machines as a ratio.
// Run: npx tsx bench/telegram-webhook.ts     BENCH_DATABASE_URL=postgresql://… for PostgreSQL (fresh database)
//      BENCH_USERS (default 100), BENCH_STEPS_PER_USER (≤10, default 10)
import os from "node:os";
import { decodeChoice } from "../src/core/conversation/options-text.ts";
import { startFakeTelegram, type FakeTelegramBotApi, type FakeUpdate, type RecordedCall } from "../test/fakes/telegram-bot-api.ts";
import { startTestApp } from "../test/helpers/start-app.ts";
import { freePort } from "../test/helpers/free-port.ts";

type Step = { say: string } | { tap: string };
const SCRIPT: Step[] = [
  { say: "/start" },
  { tap: "vi" },
  { tap: "intake" },
  { tap: "child" },
  { tap: "drug_use" },
  { tap: "week" },
  { say: "ha noi" },
  { tap: "skip" },
  { say: "Con tôi dạo này hay đi đêm, về nhà thì lừ đừ, tôi lo lắm." },
  { tap: "send" },
];

export interface BenchResult {
  firstReply: number[];
  turn: number[];
  healthz: number[];
  failures: number;
  wallMs: number;
}

type Keyboard = { inline_keyboard?: Array<Array<{ callback_data?: string }>> };

/** Runs one person's script; pushes [firstReplyMs, turnMs] per update. */
async function runPerson(fake: FakeTelegramBotApi, chatId: number, steps: Step[], replies: Map<number, RecordedCall[]>, out: BenchResult): Promise<void> {
  for (const step of steps) {
    let update: FakeUpdate;
    if ("say" in step) {
      update = fake.injectText(chatId, step.say);
    } else {
      const menu = (replies.get(chatId) ?? []).findLast((c) => (c.params.reply_markup as Keyboard | undefined)?.inline_keyboard);
      const data = (menu?.params.reply_markup as Keyboard | undefined)?.inline_keyboard
        ?.flat()
        .find((b) => b.callback_data && decodeChoice(b.callback_data)?.optionId === step.tap)?.callback_data;
      if (!data) {
        out.failures += 1;
        return;
      }
      update = fake.injectCallback(chatId, data);
    }
    const delivery = await fake.waitForDelivery(update.update_id, () => true, 60_000);
    const reply = (replies.get(chatId) ?? []).find((c) => c.at >= delivery.startedAt);
    if (delivery.status !== 200 || !reply || delivery.endedAt === undefined) {
      out.failures += 1;
      continue;
    }
    out.firstReply.push(reply.at - delivery.startedAt);
    out.turn.push(delivery.endedAt - delivery.startedAt);
  }
}

export async function runTelegramWebhookBench(options: { users?: number; stepsPerUser?: number } = {}): Promise<BenchResult> {
  const users = options.users ?? 100;
  const steps = SCRIPT.slice(0, options.stepsPerUser ?? SCRIPT.length);
  if (process.env.BENCH_DATABASE_URL) process.env.TEST_DATABASE_URL = process.env.BENCH_DATABASE_URL;
  const fake = await startFakeTelegram();
  const port = await freePort();
  const app = await startTestApp({
    env: { TELEGRAM_BOT_TOKEN: fake.token, TELEGRAM_API_ROOT: fake.apiRoot, PORT: String(port), PUBLIC_URL: `http://127.0.0.1:${port}` },
  });
  const replies = new Map<number, RecordedCall[]>();
  fake.onCall((call) => {
    if (call.method !== "sendMessage" || call.status !== undefined) return; // record on arrival only
    const chat = Number(call.params.chat_id);
    replies.set(chat, [...(replies.get(chat) ?? []), call]);
  });
  const result: BenchResult = { firstReply: [], turn: [], healthz: [], failures: 0, wallMs: 0 };
  try {
    await runPerson(fake, 900_000_000, steps, replies, { ...result, firstReply: [], turn: [] }); // warm-up
    const started = performance.now();
    await Promise.all(Array.from({ length: users }, (_, i) => runPerson(fake, 900_000_001 + i, steps, replies, result)));
    result.wallMs = performance.now() - started;
    for (let i = 0; i < 200; i++) {
      const t = performance.now();
      await (await fetch(`${app.url}/healthz`)).arrayBuffer();
      result.healthz.push(performance.now() - t);
    }
  } finally {
    await app.stop();
    await fake.close();
  }
  return result;
}

const pct = (xs: number[], p: number): number => {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? NaN;
};
const ms = (n: number): string => `${n.toFixed(1)} ms`;

export function formatBench(r: BenchResult, users: number): string {
  const ref = pct(r.healthz, 0.5);
  const row = (name: string, xs: number[]) =>
    `| ${name} | ${xs.length} | ${ms(pct(xs, 0.5))} | ${ms(pct(xs, 0.95))} | ${ms(pct(xs, 0.99))} | ${ms(Math.max(...xs))} | ${(pct(xs, 0.5) / ref).toFixed(1)}× |`;
  return [
    `Telegram webhook bench — ${new Date().toISOString().slice(0, 10)} — ${os.cpus().length} × ${os.cpus()[0]?.model ?? "cpu"}, Node ${process.version}, ${process.env.BENCH_DATABASE_URL ? "PostgreSQL" : "PGlite (in memory)"}`,
    `${users} concurrent people, ${r.firstReply.length} updates in ${(r.wallMs / 1000).toFixed(1)} s (${((r.firstReply.length / r.wallMs) * 1000).toFixed(0)} updates/s), failures: ${r.failures}`,
    "",
    "| from webhook POST to | n | median | p95 | p99 | max | median ÷ healthz |",
    "|---|---|---|---|---|---|---|",
    row("first reply's sendMessage at the fake", r.firstReply),
    row("app's 200 (whole turn)", r.turn),
    row("reference: GET /healthz", r.healthz),
  ].join("\n");
}

if (import.meta.main) {
  const users = Number(process.env.BENCH_USERS ?? 100);
  const result = await runTelegramWebhookBench({ users, stepsPerUser: Number(process.env.BENCH_STEPS_PER_USER ?? SCRIPT.length) });
  console.log(formatBench(result, users));
}
