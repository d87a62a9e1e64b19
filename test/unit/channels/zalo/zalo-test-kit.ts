// Test doubles for the Zalo adapter tests: a recording InboundSink that answers through channel.send
// (a stand-in until the full app exists), in-memory locks, a tiny translator and a capturing logger.
import { Writable } from "node:stream";
import pino from "pino";
import type { Channel, HeldLock, InboundEnvelope, InboundSink, LockService, OutboundMessage } from "../../../../src/core/ports.ts";
import { createTranslator, type Translator } from "../../../../src/shared/i18n/index.ts";
import type { Logger } from "../../../../src/shared/logging/logger.ts";
import { waitUntil, WAIT_CEILING_MS } from "../../../helpers/wait.ts";

export const REPLY_WITH_NUMBER_VI = "(Trả lời bằng số)";

export function testTranslator(): Translator {
  return createTranslator({
    vi: { common: { options: { replyWithNumber: REPLY_WITH_NUMBER_VI }, errors: { turnFailed: "Xin lỗi, tin nhắn chưa xử lý được." } } },
    en: { common: { options: { replyWithNumber: "(Reply with a number)" }, errors: { turnFailed: "Sorry, your message could not be handled." } } },
  });
}

/** 2,600 characters of Vietnamese with emoji: must arrive as two parts. */
export const LONG_VI_TEXT = Array.from({ length: 60 }, (_, i) => `Câu số ${i + 1}: Chúng tôi luôn ở đây để lắng nghe bạn 💚🙏🏽 người thân.`).join(" ");

export const MENU: OutboundMessage = {
  kind: "options",
  text: "Bạn muốn làm gì?",
  menuSeq: 1,
  options: [
    { id: "talk", label: "Nói chuyện với tư vấn viên" },
    { id: "info", label: "Tìm hiểu thông tin" },
  ],
};

export interface RecordingSink extends InboundSink {
  /** Every envelope the core would have handled (duplicates excluded). */
  readonly handled: InboundEnvelope[];
  /** Every call, duplicates included. */
  readonly calls: InboundEnvelope[];
  bind(channel: Channel): void;
  /** Delay inside handleInbound, to test graceful stop. */
  delayMs: number;
  failNext: number;
}

/** Replies like a tiny core: "menu" → options, "dài" → long text, media → a text-only notice, else an ack. */
export function createRecordingSink(): RecordingSink {
  let channel: Channel | undefined;
  const seen = new Set<string>();
  const sink: RecordingSink = {
    handled: [],
    calls: [],
    delayMs: 0,
    failNext: 0,
    bind: (c) => {
      channel = c;
    },
    async handleInbound(envelope) {
      sink.calls.push(envelope);
      if (sink.failNext > 0) {
        sink.failNext -= 1;
        throw new Error("database unavailable");
      }
      const key = `${envelope.channel}:${envelope.channelMessageId}`;
      if (seen.has(key)) return { duplicate: true };
      seen.add(key);
      if (sink.delayMs > 0) await new Promise((r) => setTimeout(r, sink.delayMs));
      sink.handled.push(envelope);
      await channel?.send(envelope.externalId, replyTo(envelope), "vi");
      return { duplicate: false };
    },
    async setReachable() {},
  };
  return sink;
}

function replyTo(envelope: InboundEnvelope): OutboundMessage {
  const event = envelope.event;
  if (event.kind === "unsupported") return { kind: "text", text: `Mình chỉ đọc được tin nhắn chữ (${event.media}).` };
  if (event.kind !== "text") return { kind: "text", text: "?" };
  if (event.text === "menu") return MENU;
  if (event.text === "dài") return { kind: "text", text: LONG_VI_TEXT };
  return { kind: "text", text: "Đã nhận tin nhắn của bạn." };
}

export interface MemoryLocks extends LockService {
  acquired: string[];
  /** Names someone had to wait for (recorded once per wait), so a test can see a standby blocked on a lock. */
  contended: string[];
  released: string[];
  held: Set<string>;
  /** Simulates a dropped database session: the lock is free at once and its holder is told. */
  lose(name: string): void;
}

export function createMemoryLocks(): MemoryLocks {
  const losers = new Map<string, AbortController>();
  const locks: MemoryLocks = {
    acquired: [],
    contended: [],
    released: [],
    held: new Set(),
    lose(name) {
      const lost = losers.get(name);
      losers.delete(name);
      locks.held.delete(name);
      lost?.abort(new Error("lock lost"));
    },
    async acquire(name, signal): Promise<HeldLock> {
      if (locks.held.has(name)) locks.contended.push(name);
      while (locks.held.has(name)) {
        signal?.throwIfAborted();
        await new Promise((r) => setTimeout(r, 10));
      }
      locks.held.add(name);
      locks.acquired.push(name);
      const lost = new AbortController();
      losers.set(name, lost);
      return {
        lost: lost.signal,
        release: async () => {
          if (losers.get(name) === lost) {
            losers.delete(name);
            locks.held.delete(name);
          }
          locks.released.push(name);
        },
      };
    },
    async withLock(name, work) {
      const held = await locks.acquire(name);
      try {
        return await work();
      } finally {
        await held.release();
      }
    },
  };
  return locks;
}

export interface CapturedLogger {
  logger: Logger;
  lines: string[];
  text(): string;
}

/** A real pino logger writing JSON lines into memory, so tests can read what an operator would see. */
export function captureLogger(): CapturedLogger {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      lines.push(chunk.toString("utf8"));
      callback();
    },
  });
  return { logger: pino({ level: "debug" }, stream), lines, text: () => lines.join("") };
}

export async function eventually(check: () => boolean | undefined, timeoutMs = WAIT_CEILING_MS, what = "condition"): Promise<void> {
  await waitUntil(check, { timeoutMs, intervalMs: 10, what });
}
