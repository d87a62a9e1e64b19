// Typed client for the Zalo Bot Platform API (zalo-bot-api.md §1–§8) on axios.
// Calls are `POST <apiBase>/bot<token>/<method>` with a JSON body. The token lives only in that URL:
// it is never logged, and errors are rebuilt from safe parts (see zalo-api-errors.ts).
import axios from "axios";
import { z } from "zod";
import type { Logger } from "../../shared/logging/logger.ts";
import { isZaloApiError, redactToken, ZaloApiError } from "./zalo-api-errors.ts";
import { interpretZaloResponse } from "./zalo-api-response.ts";
import {
  botInfoSchema,
  sentMessageSchema,
  updateResultSchema,
  webhookInfoSchema,
  type ZaloBotInfo,
  type ZaloRawUpdate,
  type ZaloSentMessage,
  type ZaloWebhookInfo,
} from "./zalo-api-schemas.ts";
import { decideRetry, resolveRetryOptions, sleep, type RetryOptions } from "./zalo-retry-policy.ts";

export { ZaloApiError, isZaloApiError } from "./zalo-api-errors.ts";
export type { ZaloErrorKind } from "./zalo-api-errors.ts";
export type { ZaloBotInfo, ZaloRawUpdate, ZaloSentMessage, ZaloWebhookInfo } from "./zalo-api-schemas.ts";

export const DEFAULT_ZALO_API_BASE = "https://bot-api.zaloplatforms.com";
/** Text and caption limit (§7); counted here in UTF-16 code units, the strictest reading. */
export const ZALO_TEXT_LIMIT = 2000;

export interface ZaloApiClientOptions {
  token: string;
  apiBase?: string;
  logger?: Logger;
  retry?: Partial<RetryOptions>;
  /** Per-request HTTP timeout for ordinary calls (getUpdates and sendPhoto get longer ones). */
  requestTimeoutMs?: number;
}

export interface CallOptions {
  signal?: AbortSignal;
}

export interface ZaloApiClient {
  getMe(options?: CallOptions): Promise<ZaloBotInfo>;
  /** One update, or undefined when the long poll ended idle (408) or empty. */
  getUpdates(params?: { timeout?: number }, options?: CallOptions): Promise<ZaloRawUpdate | undefined>;
  setWebhook(params: { url: string; secret_token: string }, options?: CallOptions): Promise<ZaloWebhookInfo>;
  deleteWebhook(options?: CallOptions): Promise<ZaloWebhookInfo>;
  getWebhookInfo(options?: CallOptions): Promise<ZaloWebhookInfo>;
  sendMessage(params: { chat_id: string; text: string }, options?: CallOptions): Promise<ZaloSentMessage>;
  sendPhoto(params: { chat_id: string; photo: string; caption?: string }, options?: CallOptions): Promise<ZaloSentMessage>;
  sendChatAction(params: { chat_id: string; action?: "typing" | "upload_photo" }, options?: CallOptions): Promise<void>;
}

interface CallSpec<S extends z.ZodType> {
  method: string;
  params: Record<string, unknown>;
  schema: S;
  timeoutMs?: number;
  signal?: AbortSignal | undefined;
}

type Call = <S extends z.ZodType>(spec: CallSpec<S>) => Promise<z.output<S>>;

const DEFAULT_POLL_SECONDS = 30;
const POLL_GRACE_MS = 5_000; // client timeout must exceed the server's hold (§6)
const PHOTO_TIMEOUT_MS = 150_000; // Zalo fetches the photo URL itself (§3)

export function createZaloApiClient(options: ZaloApiClientOptions): ZaloApiClient {
  const call = createCaller(options);
  const at = (o: CallOptions | undefined) => ({ signal: o?.signal });
  return {
    getMe: (o) => call({ method: "getMe", params: {}, schema: botInfoSchema, ...at(o) }),
    getUpdates: async (params, o) => {
      const seconds = params?.timeout ?? DEFAULT_POLL_SECONDS;
      // The docs table types `timeout` as a string; the sample sends a number. We send the string.
      const spec = {
        method: "getUpdates",
        params: { timeout: String(seconds) },
        schema: updateResultSchema,
        timeoutMs: seconds * 1000 + POLL_GRACE_MS,
        ...at(o),
      };
      try {
        return await call(spec);
      } catch (error) {
        if (isZaloApiError(error) && error.kind === "timeout_idle") return undefined;
        throw error;
      }
    },
    setWebhook: (params, o) => call({ method: "setWebhook", params, schema: webhookInfoSchema, ...at(o) }),
    deleteWebhook: (o) => call({ method: "deleteWebhook", params: {}, schema: webhookInfoSchema, ...at(o) }),
    getWebhookInfo: (o) => call({ method: "getWebhookInfo", params: {}, schema: webhookInfoSchema, ...at(o) }),
    sendMessage: async (params, o) => (await call({ method: "sendMessage", params, schema: sentMessageSchema, ...at(o) })) ?? {},
    sendPhoto: async (params, o) => (await call({ method: "sendPhoto", params, schema: sentMessageSchema, timeoutMs: PHOTO_TIMEOUT_MS, ...at(o) })) ?? {},
    sendChatAction: async (params, o) => {
      await call({ method: "sendChatAction", params: { action: "typing", ...params }, schema: z.unknown(), ...at(o) });
    },
  };
}

/** One Bot API call with the retry policy applied around single attempts. */
function createCaller(options: ZaloApiClientOptions): Call {
  const base = (options.apiBase ?? DEFAULT_ZALO_API_BASE).replace(/\/+$/, "");
  const retry = resolveRetryOptions(options.retry);
  const defaultTimeoutMs = options.requestTimeoutMs ?? 20_000;
  const redact = (text: string): string => redactToken(text, options.token);
  const http = axios.create({
    headers: { "Content-Type": "application/json", Accept: "application/json" },
    responseType: "text",
    transformResponse: [(data: unknown) => data],
    validateStatus: () => true,
    maxRedirects: 0,
  });

  async function attemptOnce<S extends z.ZodType>(spec: CallSpec<S>): Promise<z.output<S>> {
    let response;
    try {
      response = await http.post<string>(`${base}/bot${options.token}/${spec.method}`, spec.params, {
        timeout: spec.timeoutMs ?? defaultTimeoutMs,
        ...(spec.signal ? { signal: spec.signal } : {}),
      });
    } catch (error) {
      throw transportError(spec.method, error, spec.signal);
    }
    const body = typeof response.data === "string" ? response.data : "";
    return interpretZaloResponse(spec.method, response.status, body, spec.schema, redact);
  }

  return async (spec) => {
    for (let attempt = 1; ; attempt++) {
      try {
        return await attemptOnce(spec);
      } catch (error) {
        if (!isZaloApiError(error)) throw error;
        const decision = decideRetry(error, attempt, retry);
        if (!decision.retry) {
          error.attempts = attempt;
          throw error;
        }
        const fields = { method: spec.method, kind: error.kind, errorCode: error.error_code, attempt, delayMs: decision.delayMs };
        options.logger?.warn(fields, "Zalo Bot API call failed; retrying");
        await sleep(decision.delayMs, spec.signal);
      }
    }
  };
}

/** A network failure as a ZaloApiError that says what happened but carries nothing from axios. */
function transportError(method: string, error: unknown, signal: AbortSignal | undefined): Error {
  if (signal?.aborted) {
    return signal.reason instanceof Error ? signal.reason : new DOMException("The operation was aborted", "AbortError");
  }
  const rawCode = axios.isAxiosError(error) ? error.code : undefined;
  const code = rawCode !== undefined && /^[A-Z_]{2,40}$/.test(rawCode) ? rawCode : undefined;
  const timedOut = code === "ECONNABORTED" || code === "ETIMEDOUT";
  const description = timedOut ? "request timed out" : `network error${code ? ` (${code})` : ""}`;
  return new ZaloApiError({ method, kind: "transient", description });
}
