// What the Channel contract suite needs from a channel: a driver starts the WHOLE app with that channel
// switched on (plus its fake platform, if any) and creates people who talk to the bot the way that
// channel lets them. Cases see replies as plain text plus option labels, so one case reads the same on
// a channel with buttons (Telegram, web chat) and on one without (Zalo's numbered text).
import { Writable } from "node:stream";
import pino from "pino";
import type { ChannelName } from "../../../src/core/ports.ts";
import type { Logger } from "../../../src/shared/logging/logger.ts";
import type { TestApp, TestAppOptions } from "../../helpers/start-app.ts";

/** Extra start options for the driver's app (e.g. flows plugged in only by a test); env is merged. */
export type DriverAppOptions = Omit<TestAppOptions, "logger">;

/** One message the person received. `options` are the labels of a menu, in order (empty for plain text). */
export interface Reply {
  text: string;
  options: string[];
}

export interface ContractPerson {
  /** Where the app knows this person: the store looks people up by (channel, externalId). */
  readonly channel: ChannelName;
  readonly externalId: string;
  /** First contact the way the channel starts a chat: Telegram /start, the web chat's start, a greeting on Zalo. */
  begin(): Promise<Reply[]>;
  /** Sends text; resolves with the replies once the app has finished the turn. */
  say(text: string): Promise<Reply[]>;
  /**
   * Answers a menu by the label of an option: taps the button where the channel has buttons, types the
   * option's number where it has none. `menu` (button channels only) taps an earlier menu instead of the latest.
   */
  choose(label: string, menu?: Reply): Promise<Reply[]>;
  /** Sends a non-text message of one of the driver's `mediaKinds`. */
  sendMedia(kind: string): Promise<Reply[]>;
  /** Delivers the last inbound event again, with the same delivery id (resolves once the channel took it). */
  redeliverLast(): Promise<void>;
  /** Every reply so far, oldest first. */
  replies(): Promise<Reply[]>;
  /** The latest reply that carried options. */
  lastMenu(): Promise<Reply>;
}

export interface ChannelDriver {
  /** Shown in test names, e.g. "telegram (webhook)". */
  readonly name: string;
  /** True when options are buttons a person can tap on an earlier message (stale taps are possible). */
  readonly buttons: boolean;
  /** Non-text kinds `sendMedia` accepts; empty when the channel cannot carry them. */
  readonly mediaKinds: readonly string[];
  /** False when the transport cannot hand the app the same delivery twice (Telegram long polling confirms offsets). */
  readonly redelivers: boolean;
  /** The running app; valid between start() and stop(). */
  readonly app: TestApp;
  /** Starts the fake platform and the app once for every case of a file. */
  start(): Promise<void>;
  stop(): Promise<void>;
  /** A person who has not written yet. */
  newPerson(): Promise<ContractPerson>;
  /** Everything the app logged so far, and what must never show up in it (people's words and ids, tokens). */
  logText(): string;
  secrets(): string[];
}

/** A pino logger that keeps every line (debug and up) in memory, for "never logged" checks. */
export function captureLogs(): { logger: Logger; text(): string } {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      lines.push(chunk.toString("utf8"));
      callback();
    },
  });
  return { logger: pino({ level: "debug" }, stream), text: () => lines.join("") };
}

/** Keeps what people wrote and who they are, so the log check knows what to look for. */
export class SecretsLedger {
  private readonly values = new Set<string>();

  /** Remembers a value worth looking for; short texts ("1", "hai") would match by accident. */
  add(value: string): void {
    if (value.trim().length >= 6) this.values.add(value);
  }

  list(): string[] {
    return [...this.values];
  }
}

export const joined = (replies: Reply[]): string => replies.map((r) => r.text).join("\n");

/** The case handle ("AB2C") the bot mentioned, e.g. "Mã yêu cầu: #AB2C". */
export function handleOf(replies: Reply[]): string {
  const handle = /#([A-Z2-9]{4})/.exec(joined(replies))?.[1];
  if (!handle) throw new Error(`no case handle in the replies: ${JSON.stringify(joined(replies).slice(0, 200))}`);
  return handle;
}

export function lastMenuOf(replies: Reply[]): Reply {
  const menu = replies.findLast((r) => r.options.length > 0);
  if (!menu) throw new Error(`no menu so far; replies: ${JSON.stringify(replies.map((r) => r.text.slice(0, 60)))}`);
  return menu;
}
