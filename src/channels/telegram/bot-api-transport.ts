// The HTTP transport grammY calls the Bot API through (its `client.fetch` option), over node:http and
// node:https with the keep-alive agent grammY already hands every call (`baseFetchConfig`). grammY's
// default is node-fetch, whose request and response objects, header classes and body streams cost about
// twice the CPU of a plain request for the small JSON calls a bot makes (bench/RESULTS.md, 2026-12-01).
// grammY only ever reads the answer as JSON (`res.json()`, whatever the status: the Bot API answers
// errors as JSON too) and aborts through `signal` (its timeout); a body that is not a string (a file
// upload, multipart) is not something this product sends, and is refused rather than half supported.
import http from "node:http";
import https from "node:https";

/** The fetch options grammY passes (createJsonPayload plus baseFetchConfig). */
export interface BotApiRequestInit {
  method?: string;
  headers?: Record<string, string>;
  body?: unknown;
  signal?: AbortSignal | null;
  agent?: http.Agent;
}

/** What grammY reads of the answer. */
export interface BotApiResponse {
  status: number;
  ok: boolean;
  json(): Promise<unknown>;
}

/** Larger answers are refused (a getUpdates batch of 100 updates is far smaller). */
const MAX_ANSWER_BYTES = 32 * 1024 * 1024;

export function botApiFetch(url: string | URL, init: BotApiRequestInit = {}): Promise<BotApiResponse> {
  return new Promise((resolve, reject) => {
    const { signal } = init;
    if (signal?.aborted) return reject(abortError(signal));
    if (init.body !== undefined && typeof init.body !== "string") return reject(new TypeError("bot-api-transport: only JSON (string) bodies are sent"));
    const target = typeof url === "string" ? new URL(url) : url;
    const client = target.protocol === "https:" ? https : target.protocol === "http:" ? http : undefined;
    if (!client) return reject(new TypeError(`bot-api-transport: unsupported protocol ${target.protocol}`));
    const body = init.body as string | undefined;
    const headers: Record<string, string | number> = { ...init.headers };
    if (body !== undefined) headers["content-length"] = Buffer.byteLength(body);
    const request = client.request(target, { method: init.method ?? "GET", headers, ...(init.agent ? { agent: init.agent } : {}) }, (response) => {
      const chunks: Buffer[] = [];
      let size = 0;
      response.on("data", (chunk: Buffer) => {
        size += chunk.length;
        if (size > MAX_ANSWER_BYTES) request.destroy(new Error(`bot-api-transport: answer larger than ${MAX_ANSWER_BYTES} bytes`));
        else chunks.push(chunk);
      });
      response.on("error", fail);
      response.on("end", () => {
        signal?.removeEventListener("abort", onAbort);
        const text = (chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks)).toString("utf8");
        const status = response.statusCode ?? 0;
        resolve({ status, ok: status >= 200 && status < 300, json: async () => JSON.parse(text) as unknown });
      });
    });
    function fail(error: Error): void {
      signal?.removeEventListener("abort", onAbort);
      reject(error);
    }
    function onAbort(): void {
      request.destroy(abortError(signal!));
    }
    request.on("error", fail);
    signal?.addEventListener("abort", onAbort, { once: true });
    request.end(body);
  });
}

function abortError(signal: AbortSignal): Error {
  const reason: unknown = signal.reason;
  return reason instanceof Error ? reason : new DOMException("The operation was aborted", "AbortError");
}
