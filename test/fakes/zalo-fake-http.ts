// Request parsing for the fake Zalo Bot API: params may come as query string, JSON or form-urlencoded.
import type http from "node:http";
import { FakeApiError, type Params } from "./zalo-fake-methods.ts";

export function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

export async function readBody(req: http.IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

export function parseBody(raw: string, contentType: string | undefined): Params {
  if (raw.trim() === "") return {};
  if (contentType?.includes("application/x-www-form-urlencoded")) return Object.fromEntries(new URLSearchParams(raw));
  try {
    const parsed: unknown = JSON.parse(raw);
    if (typeof parsed === "object" && parsed !== null && !Array.isArray(parsed)) return parsed as Params;
  } catch {
    // fall through
  }
  throw new FakeApiError(400, "Bad request: body must be a JSON object or form-urlencoded");
}
