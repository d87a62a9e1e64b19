// A fake Telegram Bot API server on loopback, speaking the real protocol: POST/GET /bot<token>/<method>
// with JSON, form or query parameters, answering {ok, result} / {ok:false, error_code, description}.
// Records every call; supports fault injection and update injection (pushed to a webhook when one is set).
import http from "node:http";
import type { AddressInfo } from "node:net";
import { preciseNow, UpdateQueue, type DeliveryRecord, type FakeUpdate } from "./telegram-fake-delivery.ts";
import { callMethod, readParams, type FakeBotUser, type FakeMessage, type FakeWorld, type Params } from "./telegram-fake-methods.ts";
import { FakeApiError } from "./telegram-fake-validate.ts";
import { FakeRateLimits, type RateLimitOptions } from "./telegram-fake-limits.ts";
import { WAIT_CEILING_MS } from "../helpers/wait.ts";

export type { DeliveryRecord, FakeMessage, FakeUpdate };

export interface RecordedCall {
  method: string;
  params: Params;
  /** Epoch ms with sub-ms precision, taken when the request was parsed. */
  at: number;
  /** HTTP status the fake answered with. */
  status?: number;
}

export type Fault =
  | { kind: "429"; retryAfter?: number }
  | { kind: "403" }
  | { kind: "500" }
  | { kind: "delay"; ms: number }
  /** The request is held unanswered until releaseHeld() or close() (a send in flight when the app dies). */
  | { kind: "hold" }
  /** Answers with exactly this status and body (a string is sent as is), e.g. an emulator's error without `description`. */
  | { kind: "raw"; status: number; body: unknown };

export interface FakeTelegramOptions {
  token?: string;
  botId?: number;
  username?: string;
  /** Webhook retry pause after a non-2xx answer (Telegram waits longer; tests want speed). */
  webhookRetryDelayMs?: number;
  maxDeliveryAttempts?: number;
  /** Telegram's update ids are large and only increase; default 800000001. */
  firstUpdateId?: number;
  /**
   * Enforce Telegram's limits on sendMessage with 429 + retry_after: at most `perSecond` in any second
   * (a sliding window), and per chat `perChatPerSecond` with bursts of `perChatBurst` (a leaky bucket).
   */
  rateLimits?: RateLimitOptions;
}

export interface FakeUser {
  id?: number;
  first_name?: string;
  language_code?: string;
  is_bot?: boolean;
}

const DEFAULT_TOKEN = "123456789:AAFakeTokenForTestsOnly_abcdefghijk";

export class FakeTelegramBotApi {
  readonly token: string;
  readonly bot: FakeBotUser;
  readonly calls: RecordedCall[] = [];
  readonly queue: UpdateQueue;
  readonly world: FakeWorld;
  private readonly server: http.Server;
  private readonly faults = new Map<string, Fault[]>();
  private readonly listeners = new Set<(call: RecordedCall) => void>();
  private nextUpdateId: number;
  private nextCallbackId = 1;
  /** message_id is unique per chat only, as in Telegram; user and bot messages share a chat's sequence. */
  private readonly messageSeqs = new Map<number, number>();
  private port = 0;
  private readonly held: Array<() => void> = [];
  private readonly limits: FakeRateLimits | undefined;

  constructor(options: FakeTelegramOptions = {}) {
    this.token = options.token ?? DEFAULT_TOKEN;
    this.nextUpdateId = options.firstUpdateId ?? 800_000_001;
    this.limits = options.rateLimits ? new FakeRateLimits(options.rateLimits) : undefined;
    const botId = options.botId ?? Number(this.token.split(":")[0]);
    this.bot = { id: botId, is_bot: true, first_name: "Fake Bot", username: options.username ?? "fake_test_bot" };
    this.queue = new UpdateQueue({ retryDelayMs: options.webhookRetryDelayMs ?? 100, maxDeliveryAttempts: options.maxDeliveryAttempts ?? 5 });
    this.world = {
      bot: this.bot,
      queue: this.queue,
      messages: new Map(),
      commands: new Map(),
      callbackQueries: new Map(),
      blockedChats: new Set(),
      nextMessageId: (chatId) => this.nextMessageId(chatId),
    };
    this.server = http.createServer((req, res) => void this.handle(req, res));
    this.server.keepAliveTimeout = 60_000;
  }

  /** Starts listening on 127.0.0.1 and a random port. */
  async listen(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, "127.0.0.1", resolve));
    this.port = (this.server.address() as AddressInfo).port;
    return this;
  }

  /** The value for grammY's `client.apiRoot` / TELEGRAM_API_ROOT. */
  get apiRoot(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** The next `times` calls of `method` (case-insensitive) fail or are delayed as given. */
  injectFault(method: string, fault: Fault, times = 1): void {
    const list = this.faults.get(method.toLowerCase()) ?? [];
    for (let i = 0; i < times; i++) list.push(fault);
    this.faults.set(method.toLowerCase(), list);
  }

  /** Answers every held request (fault "hold"). */
  releaseHeld(): void {
    for (const release of this.held.splice(0)) release();
  }

  /** Drops every fault not yet used. */
  clearFaults(): void {
    this.faults.clear();
  }

  /** 429s the rate limits answered. */
  get rateLimited(): number {
    return this.limits?.refused ?? 0;
  }

  /** The most sendMessage calls answered 200 within any `windowMs` (measured from the recorded calls). */
  maxSendsWithin(windowMs: number, predicate: (call: RecordedCall) => boolean = () => true): number {
    const times = this.callsOf("sendMessage", (c) => c.status === 200 && predicate(c)).map((c) => c.at);
    let best = 0;
    for (let i = 0, j = 0; i < times.length; i++) {
      while (times[i]! - times[j]! >= windowMs) j++;
      best = Math.max(best, i - j + 1);
    }
    return best;
  }

  /** sendMessage & co. to this chat answer 403 "bot was blocked by the user" until unblocked. */
  blockChat(chatId: number | string, blocked = true): void {
    if (blocked) this.world.blockedChats.add(String(chatId));
    else this.world.blockedChats.delete(String(chatId));
  }

  /** Queues an update (update_id assigned unless given). `force` bypasses the allowed_updates filter. */
  injectUpdate(update: Record<string, unknown>, options: { force?: boolean } = {}): FakeUpdate {
    const id = typeof update.update_id === "number" ? update.update_id : this.nextUpdateId++;
    this.nextUpdateId = Math.max(this.nextUpdateId, id + 1);
    const full = { ...update, update_id: id } as FakeUpdate;
    this.queue.push(full, options.force === true);
    return full;
  }

  /** A private-chat text message from `chatId` (a "/command" gets its bot_command entity). */
  injectText(chatId: number, text: string, from: FakeUser = {}): FakeUpdate {
    const command = /^\/[a-z0-9_]+(@\w+)?/i.exec(text);
    const message: Record<string, unknown> = { ...this.baseMessage(chatId, from), text };
    if (command) message.entities = [{ type: "bot_command", offset: 0, length: command[0].length }];
    return this.injectUpdate({ message });
  }

  /** A button tap on the bot's latest message to `chatId` (or a synthetic one). */
  injectCallback(chatId: number, data: string, from: FakeUser = {}): FakeUpdate {
    const id = `cbq${this.nextCallbackId++}`;
    this.world.callbackQueries.set(id, { answered: false });
    const last = [...this.world.messages.values()].filter((m) => m.chat.id === chatId).at(-1);
    const message = last ?? { message_id: 0, date: 0, chat: { id: chatId, type: "private" }, from: this.bot, text: "…" };
    return this.injectUpdate({ callback_query: { id, from: this.user(chatId, from), chat_instance: `ci${chatId}`, message, data } });
  }

  /** A private-chat message of any other kind, e.g. { photo: [...] } or { sticker: {...} }. */
  injectMessage(chatId: number, fields: Record<string, unknown>, from: FakeUser = {}): FakeUpdate {
    return this.injectUpdate({ message: { ...this.baseMessage(chatId, from), ...fields } });
  }

  baseMessage(chatId: number, from: FakeUser = {}): Record<string, unknown> {
    const user = this.user(chatId, from);
    return {
      message_id: this.nextMessageId(chatId),
      date: Math.floor(Date.now() / 1000),
      chat: { id: chatId, type: "private", first_name: user.first_name },
      from: user,
    };
  }

  /** Calls of `method` recorded so far (case-insensitive), optionally filtered. */
  callsOf(method: string, predicate: (call: RecordedCall) => boolean = () => true): RecordedCall[] {
    return this.calls.filter((c) => c.method.toLowerCase() === method.toLowerCase() && predicate(c));
  }

  /**
   * Resolves with the first recorded call (past or future) of `method` matching `predicate`. A call is
   * offered when it arrives and again when answered (`status` set): use `(c) => c.status === 200` to
   * wait for a successful answer, the default to wait for arrival (e.g. a pending long poll).
   */
  waitForCall(method: string, predicate: (call: RecordedCall) => boolean = () => true, timeoutMs = WAIT_CEILING_MS): Promise<RecordedCall> {
    const match = (c: RecordedCall): boolean => c.method.toLowerCase() === method.toLowerCase() && predicate(c);
    const found = this.calls.find(match);
    if (found) return Promise.resolve(found);
    return new Promise((resolve, reject) => {
      const listener = (call: RecordedCall): void => {
        if (!match(call)) return;
        clearTimeout(timer);
        this.listeners.delete(listener);
        resolve(call);
      };
      const timer = setTimeout(() => {
        this.listeners.delete(listener);
        reject(new Error(`waitForCall(${method}) timed out after ${timeoutMs} ms`));
      }, timeoutMs);
      this.listeners.add(listener);
    });
  }

  /** Calls `listener` when a call arrives and again when it is answered; returns an unsubscribe function. */
  onCall(listener: (call: RecordedCall) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  get deliveries(): DeliveryRecord[] {
    return this.queue.deliveries;
  }

  /** Resolves with the first finished webhook delivery (past or future) of `updateId` matching `predicate`. */
  waitForDelivery(updateId: number, predicate: (d: DeliveryRecord) => boolean = () => true, timeoutMs = WAIT_CEILING_MS): Promise<DeliveryRecord> {
    const match = (d: DeliveryRecord): boolean => d.updateId === updateId && d.endedAt !== undefined && predicate(d);
    const found = this.queue.deliveries.find(match);
    if (found) return Promise.resolve(found);
    return new Promise((resolve, reject) => {
      const off = this.queue.onDelivery((d) => {
        if (!match(d)) return;
        clearTimeout(timer);
        off();
        resolve(d);
      });
      const timer = setTimeout(() => {
        off();
        reject(new Error(`waitForDelivery(${updateId}) timed out after ${timeoutMs} ms`));
      }, timeoutMs);
    });
  }

  async close(): Promise<void> {
    this.releaseHeld();
    await this.queue.close();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private nextMessageId(chatId: number): number {
    const id = (this.messageSeqs.get(chatId) ?? 0) + 1;
    this.messageSeqs.set(chatId, id);
    return id;
  }

  private user(chatId: number, from: FakeUser): { id: number; is_bot: boolean; first_name: string; language_code?: string } {
    return { id: from.id ?? chatId, is_bot: from.is_bot ?? false, first_name: from.first_name ?? "Test", language_code: from.language_code ?? "vi" };
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", "http://fake");
    const m = /^\/bot([^/]+)\/([A-Za-z]+)$/.exec(url.pathname);
    if (!m) return this.reply(res, 404, { ok: false, error_code: 404, description: "Not Found" });
    const [, token, method] = m as unknown as [string, string, string];
    let params: Params;
    try {
      params = await readParams(req, url);
    } catch {
      return this.reply(res, 400, { ok: false, error_code: 400, description: "Bad Request: can't parse request parameters" });
    }
    const call: RecordedCall = { method, params, at: preciseNow() };
    this.calls.push(call);
    this.notify(call);
    let status = 200;
    let body: unknown;
    try {
      if (decodeURIComponent(token) !== this.token) throw new FakeApiError(401, "Unauthorized");
      const raw = this.takeRawFault(method);
      if (raw) {
        call.status = raw.status;
        res.writeHead(raw.status, { "content-type": "application/json" });
        res.end(typeof raw.body === "string" ? raw.body : JSON.stringify(raw.body));
        return this.notify(call);
      }
      await this.applyFault(method);
      if (method.toLowerCase() === "sendmessage") this.limits?.check(call.at, String(call.params.chat_id));
      body = { ok: true, result: await callMethod(this.world, method, params) };
    } catch (error) {
      const e = error instanceof FakeApiError ? error : new FakeApiError(500, "Internal Server Error");
      status = e.code;
      body = { ok: false, error_code: e.code, description: e.message, ...(e.parameters ? { parameters: e.parameters } : {}) };
    }
    call.status = status;
    this.reply(res, status, body);
    this.notify(call);
  }

  private notify(call: RecordedCall): void {
    for (const listener of [...this.listeners]) listener(call);
  }

  private takeRawFault(method: string): { status: number; body: unknown } | undefined {
    const next = this.faults.get(method.toLowerCase())?.[0];
    if (next?.kind !== "raw") return undefined;
    this.faults.get(method.toLowerCase())?.shift();
    return next;
  }

  private async applyFault(method: string): Promise<void> {
    const fault = this.faults.get(method.toLowerCase())?.shift();
    if (!fault) return;
    if (fault.kind === "delay") return void (await new Promise((r) => setTimeout(r, fault.ms)));
    if (fault.kind === "hold") return void (await new Promise<void>((r) => this.held.push(r)));
    if (fault.kind === "429") {
      const retryAfter = fault.retryAfter ?? 1;
      throw new FakeApiError(429, `Too Many Requests: retry after ${retryAfter}`, { retry_after: retryAfter });
    }
    if (fault.kind === "403") throw new FakeApiError(403, "Forbidden: bot was blocked by the user");
    throw new FakeApiError(500, "Internal Server Error");
  }

  private reply(res: http.ServerResponse, status: number, body: unknown): void {
    if (res.destroyed) return;
    res.writeHead(status, { "content-type": "application/json" });
    res.end(JSON.stringify(body));
  }
}

/** Creates and starts a fake Bot API server. */
export async function startFakeTelegram(options: FakeTelegramOptions = {}): Promise<FakeTelegramBotApi> {
  return await new FakeTelegramBotApi(options).listen();
}
