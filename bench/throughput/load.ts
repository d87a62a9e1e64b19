// Load for bench/throughput.ts: Telegram text updates POSTed to a webhook as Telegram would (secret
// header), from many people each walking a realistic text script (start, language, menu, intake steps,
// topics), one message in flight per person. Closed loop (a fixed concurrency, each worker sends its next
// update when the previous one was answered) for throughput; open loop (a fixed offered rate) for latency
// from the POST to the reply's sendMessage reaching the fake Bot API.
import type { FakeTelegramBotApi, RecordedCall } from "../../test/fakes/telegram-bot-api.ts";

/** What people type; digits pick options, as on a channel without buttons. Cycled per person. */
export const SCRIPT = [
  "/start",
  "1",
  "1",
  "1",
  "2",
  "1",
  "ha noi",
  "1",
  "Con tôi dạo này hay đi đêm, về nhà thì lừ đừ, tôi lo lắm.",
  "1",
  "menu",
  "2",
  "1",
  "cảm ơn",
];

export const now = (): number => performance.timeOrigin + performance.now();

export interface Target {
  url: string;
  secret: string;
}

export class People {
  private readonly step = new Map<number, number>();
  private nextUpdateId = 500_000_001;
  private messageId = 1;
  private readonly firstChat: number;
  constructor(firstChat: number) {
    this.firstChat = firstChat;
  }

  /** The next update of `person` (0-based), its script advanced. */
  update(person: number): { chatId: number; body: string } {
    const chatId = this.firstChat + person;
    const i = this.step.get(chatId) ?? 0;
    this.step.set(chatId, i + 1);
    const text = SCRIPT[i % SCRIPT.length]!;
    const user = { id: chatId, is_bot: false, first_name: "Bench", language_code: "vi" };
    const message: Record<string, unknown> = {
      message_id: this.messageId++,
      date: Math.floor(Date.now() / 1000),
      chat: { id: chatId, type: "private", first_name: "Bench" },
      from: user,
      text,
    };
    if (text.startsWith("/")) message.entities = [{ type: "bot_command", offset: 0, length: text.length }];
    return { chatId, body: JSON.stringify({ update_id: this.nextUpdateId++, message }) };
  }
}

async function post(target: Target, body: string): Promise<number> {
  const res = await fetch(target.url, {
    method: "POST",
    body,
    headers: { "content-type": "application/json", "x-telegram-bot-api-secret-token": target.secret },
  });
  await res.arrayBuffer();
  return res.status;
}

export interface ClosedLoopResult {
  updates: number;
  failures: number;
  wallMs: number;
  /** POST → 200 per update. */
  roundTrips: number[];
}

/** `concurrency` workers, each owning `peoplePerWorker` people in turn, for `seconds`. */
export async function closedLoop(
  target: Target,
  people: People,
  o: { concurrency: number; seconds: number; peoplePerWorker: number },
): Promise<ClosedLoopResult> {
  const result: ClosedLoopResult = { updates: 0, failures: 0, wallMs: 0, roundTrips: [] };
  const started = now();
  const deadline = started + o.seconds * 1000;
  await Promise.all(
    Array.from({ length: o.concurrency }, async (_, w) => {
      for (let k = 0; now() < deadline; k++) {
        const { body } = people.update(w * o.peoplePerWorker + (k % o.peoplePerWorker));
        const t = now();
        const status = await post(target, body).catch(() => 0);
        if (status === 200) {
          result.updates += 1;
          result.roundTrips.push(now() - t);
        } else result.failures += 1;
      }
    }),
  );
  result.wallMs = now() - started;
  return result;
}

export interface OpenLoopResult {
  offered: number;
  answered: number;
  failures: number;
  /** People still waiting for their previous reply when their turn came again (skipped). */
  overruns: number;
  /** Non-200 answers by status (0: no answer). */
  statuses: Record<number, number>;
  /** POST sent → first sendMessage to that chat arriving at the fake. */
  latencies: number[];
}

/** Offers `rate` updates/s for `seconds`, round-robin over `population` people, not waiting for answers. */
export async function openLoop(
  target: Target,
  people: People,
  fake: FakeTelegramBotApi,
  o: { rate: number; seconds: number; population: number; firstChat: number },
): Promise<OpenLoopResult> {
  const result: OpenLoopResult = { offered: 0, answered: 0, failures: 0, overruns: 0, statuses: {}, latencies: [] };
  const failed = (status: number): void => {
    result.failures += 1;
    result.statuses[status] = (result.statuses[status] ?? 0) + 1;
  };
  const waiting = new Map<number, number>();
  const off = fake.onCall((call: RecordedCall) => {
    if (call.method !== "sendMessage" || call.status !== undefined) return;
    const chat = Number(call.params.chat_id);
    const sentAt = waiting.get(chat);
    if (sentAt === undefined) return;
    waiting.delete(chat);
    result.latencies.push(call.at - sentAt);
  });
  const inFlight: Array<Promise<void>> = [];
  const started = now();
  const total = Math.round(o.rate * o.seconds);
  for (let i = 0; i < total; i++) {
    const due = started + (i * 1000) / o.rate;
    const wait = due - now();
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    const person = i % o.population;
    if (waiting.has(o.firstChat + person)) {
      result.overruns += 1;
      continue;
    }
    const { chatId, body } = people.update(person);
    waiting.set(chatId, now());
    result.offered += 1;
    inFlight.push(
      post(target, body).then(
        (status) => void (status === 200 ? (result.answered += 1) : failed(status)),
        () => failed(0),
      ),
    );
  }
  await Promise.all(inFlight);
  // A reply may still be on its way when the 200 was sent by another path; give it a moment.
  await new Promise((r) => setTimeout(r, 500));
  off();
  return result;
}
