// Method handlers of the fake Zalo Bot API (zalo-bot-api.md §3, §7, §12): validation 400s and
// the exact success bodies. getUpdates lives in zalo-bot-api.ts because it long-polls.
import { hexId } from "./zalo-fake-events.ts";
import { postToWebhook, verificationOf, type PostResult } from "./zalo-fake-webhook.ts";

export type Params = Record<string, unknown>;

export class FakeApiError extends Error {
  readonly code: number;
  readonly description: string;
  /** The docs' testWebhook sample spells the key `errorCode`. */
  readonly codeKey: "error_code" | "errorCode";
  constructor(code: number, description: string, codeKey: "error_code" | "errorCode" = "error_code") {
    super(description);
    this.code = code;
    this.description = description;
    this.codeKey = codeKey;
  }
}

export interface SentRecord {
  method: string;
  chat_id: string;
  text?: string;
  photo?: string;
  caption?: string;
  message_id: string;
  date: number;
}

export interface WebhookConfig {
  url: string;
  secret: string;
  updatedAt: number;
}

/** Mutable state the handlers share with the server. */
export interface FakeZaloWorld {
  botId: string;
  accountName: string;
  webhook: WebhookConfig | undefined;
  webhookUpdatedAt: number;
  sent: SentRecord[];
  probeOnSetWebhook: boolean;
  probes: PostResult[];
  testWebhookCalls: number;
  testWebhookDailyLimit: number;
  /** Maps the public webhook URL to where the test's receiver really listens. */
  resolveWebhookUrl: (url: string) => string;
}

export const KNOWN_METHODS = new Set([
  "getMe",
  "getUpdates",
  "setWebhook",
  "deleteWebhook",
  "getWebhookInfo",
  "testWebhook",
  "sendMessage",
  "sendPhoto",
  "sendSticker",
  "sendVoice",
  "sendChatAction",
]);

const PRIVATE_HOST = /^(localhost|127\.|10\.|192\.168\.|172\.(1[6-9]|2\d|3[01])\.|0\.0\.0\.0|\[?::1\]?$)/i;

function str(params: Params, name: string, required = true): string | undefined {
  const value = params[name];
  if (value === undefined || value === null || value === "") {
    if (required) throw new FakeApiError(400, `Bad request: ${name} is required`);
    return undefined;
  }
  if (typeof value !== "string" && typeof value !== "number") throw new FakeApiError(400, `Bad request: ${name} must be a string`);
  return String(value);
}

/** 1–2000 characters, counted in UTF-16 code units (the strictest reading of the docs). */
function checkLength(name: string, value: string): string {
  if (value.length < 1 || value.length > 2000) throw new FakeApiError(400, `Bad request: ${name} must be 1-2000 characters`);
  return value;
}

function httpsUrl(name: string, value: string): URL {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new FakeApiError(400, `Bad request: ${name} is not a valid URL`);
  }
  if (url.protocol !== "https:") throw new FakeApiError(400, `Bad request: ${name} must use https`);
  return url;
}

function record(world: FakeZaloWorld, entry: Omit<SentRecord, "message_id" | "date">): { message_id: string; date: number } {
  const sent = { ...entry, message_id: hexId(), date: Date.now() };
  world.sent.push(sent);
  return { message_id: sent.message_id, date: sent.date };
}

async function setWebhook(params: Params, world: FakeZaloWorld): Promise<unknown> {
  const url = httpsUrl("url", str(params, "url") as string);
  if (PRIVATE_HOST.test(url.hostname)) throw new FakeApiError(400, "Bad request: url must be publicly reachable");
  const secret = str(params, "secret_token") as string;
  if (secret.length < 8 || secret.length > 256) throw new FakeApiError(400, "Bad request: secret_token must be 8-256 characters");
  let verification: unknown;
  if (world.probeOnSetWebhook) {
    const probe = await postToWebhook({ url: world.resolveWebhookUrl(url.toString()), body: "" });
    world.probes.push(probe);
    verification = verificationOf(probe);
  }
  // Saved even when the probe fails (§3).
  world.webhook = { url: url.toString(), secret, updatedAt: Date.now() };
  world.webhookUpdatedAt = world.webhook.updatedAt;
  return { url: world.webhook.url, updated_at: world.webhook.updatedAt, ...(verification ? { verification } : {}) };
}

async function testWebhook(world: FakeZaloWorld): Promise<unknown> {
  world.testWebhookCalls += 1;
  if (world.testWebhookCalls > world.testWebhookDailyLimit) throw new FakeApiError(426, "Daily testWebhook limit exceeded", "errorCode");
  if (!world.webhook) throw new FakeApiError(400, "Bad request: no webhook is set");
  const probe = await postToWebhook({ url: world.resolveWebhookUrl(world.webhook.url), body: "" });
  world.probes.push(probe);
  return { url: world.webhook.url, ...verificationOf(probe) };
}

function sendMethod(method: string, params: Params, world: FakeZaloWorld): unknown {
  const chat_id = str(params, "chat_id") as string;
  switch (method) {
    case "sendMessage":
      return record(world, { method, chat_id, text: checkLength("text", str(params, "text") as string) });
    case "sendPhoto": {
      const photo = httpsUrl("photo", str(params, "photo") as string).toString();
      const caption = str(params, "caption", false);
      if (params.caption !== undefined) checkLength("caption", String(params.caption));
      return record(world, { method, chat_id, photo, ...(caption !== undefined ? { caption } : {}) });
    }
    case "sendSticker":
      return record(world, { method, chat_id, photo: str(params, "sticker") as string });
    default: {
      const voice = str(params, "voice_url") as string;
      if (!/\.aac(\?|$)/i.test(voice)) throw new FakeApiError(400, "Bad request: voice_url must point to an .aac file");
      return record(world, { method, chat_id, photo: voice });
    }
  }
}

/** Runs one method (not getUpdates). `undefined` result means the body is `{ok:true}` alone. */
export async function callZaloMethod(method: string, params: Params, world: FakeZaloWorld): Promise<{ result?: unknown }> {
  switch (method) {
    case "getMe":
      return { result: { id: world.botId, account_name: world.accountName, account_type: "BASIC", can_join_groups: false } };
    case "setWebhook":
      return { result: await setWebhook(params, world) };
    case "deleteWebhook":
      world.webhook = undefined;
      world.webhookUpdatedAt = Date.now();
      return { result: { url: "", updated_at: world.webhookUpdatedAt } };
    case "getWebhookInfo":
      return { result: world.webhook ? { url: world.webhook.url, updated_at: world.webhook.updatedAt } : { url: "" } };
    case "testWebhook":
      return { result: await testWebhook(world) };
    case "sendChatAction": {
      str(params, "chat_id");
      const action = str(params, "action") as string;
      if (action !== "typing" && action !== "upload_photo") throw new FakeApiError(400, "Bad request: action must be typing or upload_photo");
      return {};
    }
    default:
      return { result: sendMethod(method, params, world) };
  }
}
