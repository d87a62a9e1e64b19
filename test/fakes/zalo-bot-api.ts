// A fake Zalo Bot Platform API on loopback, emulating zalo-bot-api.md §12: {GET,POST} /bot<token>/<method>
// with query + JSON/form params, 401/400 errors in a switchable status mode, exact success bodies,
// a long-polling getUpdates, the webhook lifecycle with probes and pushes, and fault injection.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { setTimeout as delay } from "node:timers/promises";
import { buildUpdate, type FakeZaloUpdate, type InjectSpec } from "./zalo-fake-events.ts";
import { callZaloMethod, FakeApiError, KNOWN_METHODS, type FakeZaloWorld, type Params, type SentRecord } from "./zalo-fake-methods.ts";
import { parseBody, readBody, safeDecode } from "./zalo-fake-http.ts";
import { LongPollQueue } from "./zalo-fake-updates.ts";
import { postToWebhook, type PostResult } from "./zalo-fake-webhook.ts";
import { WAIT_CEILING_MS } from "../helpers/wait.ts";

export type { FakeZaloUpdate, InjectSpec, SentRecord };

/** "error_code": HTTP status = error_code. "always_200": every answer is HTTP 200, errors only in the body. */
export type StatusMode = "error_code" | "always_200";

export type ZaloFault =
  | { kind: "quota" } // 429 "Quota exceeded"
  | { kind: "internal" } // 403 "Internal server error" (the docs' meaning of 403)
  | { kind: "server_error"; status?: number } // 5xx with a Bot API body
  | { kind: "slow"; ms: number } // answers normally after a pause
  | { kind: "non_json"; status?: number } // an HTML proxy page
  | { kind: "drop" } // connection destroyed without an answer
  | { kind: "error"; code: number; description: string };

export interface RecordedCall {
  httpMethod: string;
  method: string;
  /** The request path with the token replaced by "[redacted]". */
  path: string;
  params: Params;
  at: number;
  tokenValid: boolean;
  /** HTTP status answered (undefined while held or when the connection was dropped). */
  status?: number;
}

export interface DeliveryRecord {
  eventName: string;
  messageId: string;
  form: "bare" | "wrapped";
  attempt: number;
  result: PostResult;
}

export interface FakeZaloOptions {
  token?: string;
  botId?: string;
  statusMode?: StatusMode;
  webhookBody?: "bare" | "wrapped";
  probeOnSetWebhook?: boolean;
  /** Maps the registered public https URL to the loopback receiver (setWebhook rejects private hosts). */
  resolveWebhookUrl?: (url: string) => string;
  /** Extra push attempts after a non-2xx answer (real behaviour undocumented; default 0). */
  redeliveries?: number;
  testWebhookDailyLimit?: number;
  /** The error getUpdates gives while a webhook is set (real form unknown). */
  getUpdatesWhileWebhook?: { code: number; description: string };
}

export const FAKE_ZALO_TOKEN = "1234567890123456789:fAkE-zAlO-sEcReT-tOkEn-0123456789abcdef";

export class FakeZaloBotApi {
  readonly token: string;
  readonly world: FakeZaloWorld;
  readonly calls: RecordedCall[] = [];
  readonly deliveries: DeliveryRecord[] = [];
  statusMode: StatusMode;
  webhookBody: "bare" | "wrapped";
  private readonly options: FakeZaloOptions;
  private readonly server: http.Server;
  private readonly faults = new Map<string, ZaloFault[]>();
  private readonly updates = new LongPollQueue();
  private readonly listeners = new Set<() => void>();
  private port = 0;

  constructor(options: FakeZaloOptions = {}) {
    this.options = options;
    this.token = options.token ?? FAKE_ZALO_TOKEN;
    this.statusMode = options.statusMode ?? "error_code";
    this.webhookBody = options.webhookBody ?? "bare";
    this.world = {
      botId: options.botId ?? this.token.split(":")[0] ?? "1234567890123456789",
      accountName: "bot.fake",
      webhook: undefined,
      webhookUpdatedAt: 0,
      sent: [],
      probeOnSetWebhook: options.probeOnSetWebhook ?? true,
      probes: [],
      testWebhookCalls: 0,
      testWebhookDailyLimit: options.testWebhookDailyLimit ?? 5,
      resolveWebhookUrl: options.resolveWebhookUrl ?? ((url) => url),
    };
    this.server = http.createServer((req, res) => void this.handle(req, res));
  }

  static async start(options: FakeZaloOptions = {}): Promise<FakeZaloBotApi> {
    const fake = new FakeZaloBotApi(options);
    await new Promise<void>((resolve) => fake.server.listen(0, "127.0.0.1", resolve));
    fake.port = (fake.server.address() as AddressInfo).port;
    return fake;
  }

  /** The API base to give the client (ZALO_API_BASE). */
  get baseUrl(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** The next `count` calls of `method` ("*" = any) fail with `fault`. */
  failNext(method: string, fault: ZaloFault, count = 1): void {
    const list = this.faults.get(method) ?? [];
    for (let i = 0; i < count; i++) list.push(fault);
    this.faults.set(method, list);
  }

  /** Forgets every queued fault (the platform is healthy again). */
  clearFaults(): void {
    this.faults.clear();
  }

  /** Builds and delivers an inbound event: pushed to the webhook when set, else queued for getUpdates. */
  async inject(spec: InjectSpec = {}): Promise<ReturnType<typeof buildUpdate> & { deliveries: DeliveryRecord[] }> {
    const built = buildUpdate(spec);
    return { ...built, deliveries: await this.injectUpdate(built.update) };
  }

  /** Delivers an update as given (re-inject the same one to simulate a duplicate delivery). */
  async injectUpdate(update: FakeZaloUpdate): Promise<DeliveryRecord[]> {
    if (this.world.webhook) return this.push(update);
    this.updates.offer(update);
    return [];
  }

  /** getUpdates requests currently held open (long-poll in progress). */
  get heldPolls(): number {
    return this.updates.held;
  }

  sentTo(chatId: string): SentRecord[] {
    return this.world.sent.filter((s) => s.chat_id === chatId);
  }

  callsOf(method: string): RecordedCall[] {
    return this.calls.filter((c) => c.method === method);
  }

  /** Resolves with the first call (past or future) of `method` matching `predicate`. */
  waitForCall(method: string, predicate: (call: RecordedCall) => boolean = () => true, timeoutMs = WAIT_CEILING_MS): Promise<RecordedCall> {
    return this.waitFor(() => this.calls.find((c) => c.method === method && predicate(c)), timeoutMs, `call of ${method}`);
  }

  /** Resolves once `check` returns something other than undefined/false. */
  waitFor<T>(check: () => T | undefined | false, timeoutMs = WAIT_CEILING_MS, what = "condition"): Promise<T> {
    return new Promise((resolve, reject) => {
      const test = (): boolean => {
        const value = check();
        if (value === undefined || value === false) return false;
        cleanup();
        resolve(value);
        return true;
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`Fake Zalo: timed out waiting for ${what}; calls so far: ${this.calls.map((c) => c.method).join(", ")}`));
      }, timeoutMs);
      const poll = setInterval(() => void test(), 10); // for state that changes without a call (held polls)
      const cleanup = (): void => {
        clearTimeout(timer);
        clearInterval(poll);
        this.listeners.delete(listener);
      };
      const listener = (): void => void test();
      if (!test()) this.listeners.add(listener);
    });
  }

  async close(): Promise<void> {
    this.updates.releaseAll();
    await new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }

  private notify(): void {
    for (const listener of [...this.listeners]) listener();
  }

  private async push(update: FakeZaloUpdate): Promise<DeliveryRecord[]> {
    const records: DeliveryRecord[] = [];
    const form = this.webhookBody;
    const body = JSON.stringify(form === "wrapped" ? { ok: true, result: update } : update);
    for (let attempt = 1; attempt <= 1 + (this.options.redeliveries ?? 0); attempt++) {
      const webhook = this.world.webhook;
      if (!webhook) break;
      const result = await postToWebhook({ url: this.world.resolveWebhookUrl(webhook.url), secret: webhook.secret, body });
      const record = { eventName: update.event_name, messageId: String(update.message.message_id), form, attempt, result };
      records.push(record);
      this.deliveries.push(record);
      this.notify();
      if (result.status !== undefined && result.status >= 200 && result.status < 300) break;
      await delay(20);
    }
    return records;
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", "http://fake");
    const match = /^\/bot([^/]*)\/([^/]*)$/.exec(url.pathname);
    const call: RecordedCall = {
      httpMethod: req.method ?? "",
      method: match?.[2] ?? "",
      path: match ? `/bot[redacted]/${match[2]}` : "[unparsable path]",
      params: {},
      at: Date.now(),
      tokenValid: false,
    };
    try {
      const raw = await readBody(req);
      call.tokenValid = match !== null && safeDecode(match[1] ?? "") === this.token;
      call.params = { ...Object.fromEntries(url.searchParams), ...parseBody(raw, req.headers["content-type"]) };
      this.calls.push(call);
      this.notify();
      if (!match || (req.method !== "GET" && req.method !== "POST")) throw new FakeApiError(400, "Bad request: invalid path");
      if (!call.tokenValid) throw new FakeApiError(401, "Unauthorized");
      if (!KNOWN_METHODS.has(call.method)) throw new FakeApiError(400, "Bad request: invalid API name");
      if (await this.applyFault(call, res)) return;
      const out = call.method === "getUpdates" ? await this.getUpdates(call.params, res) : await callZaloMethod(call.method, call.params, this.world);
      this.answer(res, call, 200, out.result === undefined ? { ok: true } : { ok: true, result: out.result });
    } catch (error) {
      if (!this.calls.includes(call)) this.calls.push(call);
      if (!(error instanceof FakeApiError)) return this.answer(res, call, 500, { ok: false, error_code: 500, description: "Fake crashed" });
      const status = this.statusMode === "error_code" ? error.code : 200;
      this.answer(res, call, status, { ok: false, [error.codeKey]: error.code, description: error.description });
    }
  }

  private answer(res: http.ServerResponse, call: RecordedCall, status: number, body: unknown): void {
    if (res.destroyed || res.headersSent) return;
    call.status = status;
    res.writeHead(status, { "Content-Type": "application/json; charset=utf-8" }).end(JSON.stringify(body));
    this.notify();
  }

  /** True when the fault already answered (or dropped) the request. */
  private async applyFault(call: RecordedCall, res: http.ServerResponse): Promise<boolean> {
    const fault = this.faults.get(call.method)?.shift() ?? this.faults.get("*")?.shift();
    if (!fault) return false;
    switch (fault.kind) {
      case "quota":
        throw new FakeApiError(429, "Quota exceeded");
      case "internal":
        throw new FakeApiError(403, "Internal server error");
      case "server_error":
        throw new FakeApiError(fault.status ?? 500, "Internal Server Error");
      case "error":
        throw new FakeApiError(fault.code, fault.description);
      case "slow":
        await delay(fault.ms);
        return false;
      case "non_json":
        call.status = fault.status ?? 502;
        res.writeHead(call.status, { "Content-Type": "text/html" }).end("<html><body><h1>502 Bad Gateway</h1></body></html>");
        return true;
      case "drop":
        res.socket?.destroy();
        return true;
    }
  }

  private async getUpdates(params: Params, res: http.ServerResponse): Promise<{ result?: unknown }> {
    if (this.world.webhook) {
      const e = this.options.getUpdatesWhileWebhook ?? { code: 400, description: "Bad request: webhook is active, call deleteWebhook first" };
      throw new FakeApiError(e.code, e.description);
    }
    const seconds = params.timeout === undefined || params.timeout === "" ? 30 : Number(params.timeout);
    if (!Number.isFinite(seconds) || seconds < 0) throw new FakeApiError(400, "Bad request: timeout must be a number of seconds");
    const update = await this.updates.take(seconds, res);
    if (!update) throw new FakeApiError(408, "Request timeout");
    return { result: update };
  }
}
