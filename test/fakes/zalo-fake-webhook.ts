// Outbound HTTP from the fake Zalo platform to a bot's webhook: event pushes and verification probes,
// shaped like the real sender (zalo-bot-api.md §5): POST, JSON, `X-Bot-Api-Secret-Token`, `User-Agent: Java/…`.
import http from "node:http";
import https from "node:https";
import { WAIT_CEILING_MS } from "../helpers/wait.ts";

export const ZALO_USER_AGENT = "Java/1.8.0_292";

export interface PostResult {
  status?: number;
  error?: "timeout" | "conn" | "tls" | "dns" | "other";
  latencyMs: number;
}

export interface PostRequest {
  url: string;
  /** Omitted for the verification probe. */
  secret?: string;
  /** "" for the probe (then no Content-Type either). */
  body: string;
  timeoutMs?: number;
}

function errorKind(error: NodeJS.ErrnoException): NonNullable<PostResult["error"]> {
  if (error.code === "ENOTFOUND" || error.code === "EAI_AGAIN") return "dns";
  if (error.code === "ECONNREFUSED" || error.code === "ECONNRESET" || error.code === "EPIPE") return "conn";
  if (error.code?.startsWith("ERR_TLS") || error.code?.includes("CERT")) return "tls";
  return "other";
}

/** Sends one POST and reports the status (or the failure class), never throwing. */
export function postToWebhook(request: PostRequest): Promise<PostResult> {
  const started = Date.now();
  const target = new URL(request.url);
  const headers: Record<string, string> = { "User-Agent": ZALO_USER_AGENT, "Content-Length": String(Buffer.byteLength(request.body)) };
  if (request.body !== "") headers["Content-Type"] = "application/json";
  if (request.secret !== undefined) headers["X-Bot-Api-Secret-Token"] = request.secret;
  const transport = target.protocol === "https:" ? https : http;
  return new Promise((resolve) => {
    const req = transport.request(target, { method: "POST", headers, timeout: request.timeoutMs ?? WAIT_CEILING_MS }, (res) => {
      res.resume();
      res.on("end", () => resolve({ status: res.statusCode ?? 0, latencyMs: Date.now() - started }));
    });
    req.on("timeout", () => {
      req.destroy();
      resolve({ error: "timeout", latencyMs: Date.now() - started });
    });
    req.on("error", (error: NodeJS.ErrnoException) => resolve({ error: errorKind(error), latencyMs: Date.now() - started }));
    req.end(request.body);
  });
}

/** testWebhook / setWebhook verification outcome strings (§3). */
export function outcomeOf(result: PostResult): string {
  if (result.error) return `webhook.err.${result.error}`;
  const status = result.status ?? 0;
  if (status >= 200 && status < 300) return "webhook.ok";
  if (status === 403 || status === 404) return `webhook.http.${status}`;
  if (status >= 500) return "webhook.http.5xx";
  return "webhook.http.other";
}

export function verificationOf(result: PostResult): Record<string, unknown> {
  const outcome = outcomeOf(result);
  return {
    ok: outcome === "webhook.ok",
    status_code: result.status ?? 0,
    outcome,
    latency_ms: result.latencyMs,
    hint: outcome === "webhook.ok" ? "" : "Check that the URL is public, serves HTTPS and answers 2xx quickly",
  };
}
