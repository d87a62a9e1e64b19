// Test doubles for the Telegram adapter tests: a recording InboundSink that replies through the channel
// (a stand-in for the core until the full app exists), an in-memory LockService, and a translator
// built from the telegram catalogues only.
import fs from "node:fs";
import path from "node:path";
import pino from "pino";
import type { Channel, HeldLock, InboundEnvelope, InboundSink, LockService, OutboundMessage, SendResult } from "../../../../src/core/ports.ts";
import { createTranslator, LOCALES_DIR, type Translator } from "../../../../src/shared/i18n/index.ts";
import type { Logger } from "../../../../src/shared/logging/logger.ts";
import { WAIT_CEILING_MS } from "../../../helpers/wait.ts";

export type Reply = (envelope: InboundEnvelope) => OutboundMessage | undefined;

/** Echoes text, shows a menu on /start, confirms choices. */
export const echoReply: Reply = (envelope) => {
  const e = envelope.event;
  if (e.kind === "text") return { kind: "text", text: `echo: ${e.text}` };
  if (e.kind === "start")
    return {
      kind: "options",
      text: "Welcome",
      menuSeq: 7,
      options: [
        { id: "worry", label: "I am worried" },
        { id: "info", label: "Information" },
      ],
    };
  if (e.kind === "choice") return { kind: "text", text: `chose ${e.optionId}@${e.menuSeq}` };
  return { kind: "text", text: `cannot read ${e.media}` };
};

export class RecordingSink implements InboundSink {
  readonly envelopes: InboundEnvelope[] = [];
  readonly duplicates: InboundEnvelope[] = [];
  readonly reachability: Array<{ externalId: string; reachable: boolean }> = [];
  readonly sendResults: SendResult[] = [];
  channel: Channel | undefined;
  reply: Reply = echoReply;
  /** Set to make handleInbound throw (error-boundary tests). */
  failWith: Error | undefined;
  private readonly seen = new Set<string>();
  private waiters: Array<() => void> = [];

  async handleInbound(envelope: InboundEnvelope): Promise<{ duplicate: boolean }> {
    const key = `${envelope.channel}:${envelope.channelMessageId ?? ""}`;
    if (envelope.channelMessageId !== undefined && this.seen.has(key)) {
      this.duplicates.push(envelope);
      this.notify();
      return { duplicate: true };
    }
    if (this.failWith) {
      // Like the core when the database is gone: nothing was accepted, so a later attempt is not a duplicate.
      this.notify();
      throw this.failWith;
    }
    this.seen.add(key);
    this.envelopes.push(envelope);
    try {
      const message = this.reply(envelope);
      if (message && this.channel) this.sendResults.push(await this.channel.send(envelope.externalId, message, "vi"));
    } finally {
      this.notify();
    }
    return { duplicate: false };
  }

  async setReachable(_channel: string, externalId: string, reachable: boolean): Promise<void> {
    this.reachability.push({ externalId, reachable });
    this.notify();
  }

  /** Resolves when `check` holds (checked after every sink call). */
  async until(check: (sink: this) => boolean, timeoutMs = WAIT_CEILING_MS): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!check(this)) {
      if (Date.now() > deadline) throw new Error("RecordingSink.until timed out");
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, 50);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  private notify(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w();
  }
}

/** In-process named mutexes, like the embedded database's trivially local locks. */
export class MemoryLocks implements LockService {
  readonly acquired: string[] = [];
  /** Names someone had to wait for (recorded once per wait), so a test can see a standby blocked on a lock. */
  readonly contended: string[] = [];
  private readonly held = new Map<string, Promise<void>>();
  private readonly losers = new Map<string, () => void>();

  async acquire(name: string, signal?: AbortSignal): Promise<HeldLock> {
    if (this.held.has(name)) this.contended.push(name);
    while (this.held.has(name)) {
      signal?.throwIfAborted();
      await Promise.race([this.held.get(name), abortPromise(signal)]);
    }
    signal?.throwIfAborted();
    let release!: () => void;
    this.held.set(name, new Promise<void>((resolve) => (release = resolve)));
    this.acquired.push(name);
    const lost = new AbortController();
    const free = (): void => {
      if (this.losers.get(name) !== lose) return;
      this.losers.delete(name);
      this.held.delete(name);
      release();
    };
    const lose = (): void => {
      free();
      lost.abort(new Error("lock lost"));
    };
    this.losers.set(name, lose);
    return { lost: lost.signal, release: async () => free() };
  }

  /** Simulates a dropped database session: the lock is free at once and its holder is told. */
  lose(name: string): void {
    this.losers.get(name)?.();
  }

  isHeld(name: string): boolean {
    return this.held.has(name);
  }

  async withLock<T>(name: string, work: () => Promise<T>): Promise<T> {
    const held = await this.acquire(name);
    try {
      return await work();
    } finally {
      await held.release();
    }
  }
}

function abortPromise(signal: AbortSignal | undefined): Promise<void> {
  if (!signal) return new Promise(() => {});
  return new Promise((resolve) => signal.addEventListener("abort", () => resolve(), { once: true }));
}

/** A translator over locales/<lng>/telegram.json and common.json only, so other teams' catalogues cannot break these tests. */
export function telegramTranslator(): Translator {
  const read = (lng: string, ns: string): Record<string, unknown> =>
    JSON.parse(fs.readFileSync(path.join(LOCALES_DIR, lng, `${ns}.json`), "utf8")) as Record<string, unknown>;
  return createTranslator({
    vi: { telegram: read("vi", "telegram"), common: read("vi", "common") },
    en: { telegram: read("en", "telegram"), common: read("en", "common") },
  });
}

/** A pino logger writing JSON lines into memory, to assert what is (not) logged. */
export function captureLogger(): { logger: Logger; lines: string[] } {
  const lines: string[] = [];
  const logger = pino({ level: "debug" }, { write: (line: string) => void lines.push(line) });
  return { logger, lines };
}
