// Bot API methods of the fake. Each takes the fake's world and the request's parameters (already
// merged from query, JSON or form body) and returns `result` or throws FakeApiError.
import type http from "node:http";
import type { FakeUpdate, UpdateQueue } from "./telegram-fake-delivery.ts";
import { FakeApiError, badRequest, validateCommands, validateReplyMarkup, visibleText, type FakeBotCommand } from "./telegram-fake-validate.ts";

export type Params = Record<string, unknown>;

export interface FakeBotUser {
  id: number;
  is_bot: true;
  first_name: string;
  username: string;
}

export interface FakeMessage {
  message_id: number;
  date: number;
  chat: { id: number; type: string };
  from: FakeBotUser;
  text: string;
  reply_markup?: unknown;
}

export interface FakeWorld {
  bot: FakeBotUser;
  queue: UpdateQueue;
  messages: Map<string, FakeMessage>;
  /** Key: `${scope.type}|${language_code ?? ""}`. */
  commands: Map<string, FakeBotCommand[]>;
  callbackQueries: Map<string, { answered: boolean }>;
  blockedChats: Set<string>;
  nextMessageId: (chatId: number) => number;
}

type Method = (world: FakeWorld, params: Params) => unknown;

/** Form and query values arrive as strings; JSON-looking ones are parsed like Telegram does. */
export function decodeValue(value: string): unknown {
  const t = value.trim();
  if (t.startsWith("{") || t.startsWith("[")) {
    try {
      return JSON.parse(t) as unknown;
    } catch {
      return value;
    }
  }
  return value;
}

/** Query, JSON and form parameters of one request, merged (body wins). Multipart is not supported. */
export async function readParams(req: http.IncomingMessage, url: URL): Promise<Params> {
  const params: Params = {};
  for (const [k, v] of url.searchParams) params[k] = decodeValue(v);
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const raw = Buffer.concat(chunks).toString("utf8");
  if (raw.length === 0) return params;
  const type = req.headers["content-type"] ?? "";
  if (type.includes("application/json")) return { ...params, ...(JSON.parse(raw) as Params) };
  if (type.includes("application/x-www-form-urlencoded")) {
    for (const [k, v] of new URLSearchParams(raw)) params[k] = decodeValue(v);
    return params;
  }
  throw new Error("unsupported content type");
}

const int = (v: unknown): number | undefined => {
  if (typeof v === "number" && Number.isInteger(v)) return v;
  if (typeof v === "string" && /^-?\d+$/.test(v)) return Number(v);
  return undefined;
};
const bool = (v: unknown): boolean => v === true || v === "true";
const markup = (v: unknown): unknown => (typeof v === "string" ? decodeValue(v) : v);
const now = (): number => Math.floor(Date.now() / 1000);

function requireChat(world: FakeWorld, params: Params): number {
  const chatId = int(params.chat_id);
  if (chatId === undefined) throw badRequest("chat_id is empty");
  if (world.blockedChats.has(String(chatId))) throw new FakeApiError(403, "Forbidden: bot was blocked by the user");
  return chatId;
}

function commandKey(params: Params): string {
  const scope = markup(params.scope) as { type?: string } | undefined;
  const lang = typeof params.language_code === "string" ? params.language_code : "";
  return `${scope?.type ?? "default"}|${lang}`;
}

const methods: Record<string, Method> = {
  getme: (w) => ({ ...w.bot, can_join_groups: true, can_read_all_group_messages: false, supports_inline_queries: false }),
  getupdates: (w, p) => {
    const allowed = markup(p.allowed_updates);
    return w.queue.getUpdates({
      offset: int(p.offset),
      limit: int(p.limit),
      timeout: int(p.timeout),
      allowed_updates: Array.isArray(allowed) ? (allowed as string[]) : undefined,
    });
  },
  setwebhook: (w, p) => {
    const url = typeof p.url === "string" ? p.url : "";
    const secret = typeof p.secret_token === "string" ? p.secret_token : undefined;
    if (secret !== undefined && !/^[A-Za-z0-9_-]{1,256}$/.test(secret)) throw badRequest("secret token contains unallowed characters");
    if (url === "") {
      w.queue.deleteWebhook(bool(p.drop_pending_updates));
      return true;
    }
    if (!/^https?:\/\/\S+$/.test(url)) throw badRequest("bad webhook: An HTTPS URL must be provided for webhook");
    const allowed = markup(p.allowed_updates);
    if (Array.isArray(allowed)) w.queue.allowedUpdates = allowed as string[];
    const maxConnections = Math.min(Math.max(int(p.max_connections) ?? 40, 1), 100);
    w.queue.setWebhook({ url, secretToken: secret, maxConnections }, bool(p.drop_pending_updates));
    return true;
  },
  deletewebhook: (w, p) => {
    w.queue.deleteWebhook(bool(p.drop_pending_updates));
    return true;
  },
  getwebhookinfo: (w) => ({
    url: w.queue.webhook?.url ?? "",
    has_custom_certificate: false,
    pending_update_count: w.queue.pending.length,
    ...(w.queue.webhook ? { max_connections: w.queue.webhook.maxConnections } : {}),
    ...(w.queue.allowedUpdates ? { allowed_updates: w.queue.allowedUpdates } : {}),
  }),
  sendmessage: (w, p) => {
    const chatId = requireChat(w, p);
    const text = visibleText(p.text, p.parse_mode);
    const replyMarkup = markup(p.reply_markup);
    validateReplyMarkup(replyMarkup);
    const message: FakeMessage = { message_id: w.nextMessageId(chatId), date: now(), chat: { id: chatId, type: "private" }, from: w.bot, text };
    if (replyMarkup !== undefined) message.reply_markup = replyMarkup;
    w.messages.set(`${chatId}:${message.message_id}`, message);
    return message;
  },
  editmessagetext: (w, p) => {
    const chatId = requireChat(w, p);
    const message = w.messages.get(`${chatId}:${String(int(p.message_id))}`);
    if (!message) throw badRequest("message to edit not found");
    const text = visibleText(p.text, p.parse_mode);
    const replyMarkup = markup(p.reply_markup);
    validateReplyMarkup(replyMarkup);
    if (text === message.text && JSON.stringify(replyMarkup) === JSON.stringify(message.reply_markup)) {
      throw badRequest(
        "message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message",
      );
    }
    message.text = text;
    if (replyMarkup === undefined) delete message.reply_markup;
    else message.reply_markup = replyMarkup;
    return { ...message, edit_date: now() };
  },
  editmessagereplymarkup: (w, p) => {
    const chatId = requireChat(w, p);
    const message = w.messages.get(`${chatId}:${String(int(p.message_id))}`);
    if (!message) throw badRequest("message to edit not found");
    const replyMarkup = markup(p.reply_markup);
    validateReplyMarkup(replyMarkup);
    if (replyMarkup === undefined) delete message.reply_markup;
    else message.reply_markup = replyMarkup;
    return { ...message, edit_date: now() };
  },
  sendchataction: (w, p) => {
    requireChat(w, p);
    return true;
  },
  answercallbackquery: (w, p) => {
    const query = w.callbackQueries.get(String(p.callback_query_id));
    if (!query || query.answered) throw badRequest("query is too old and response timeout expired or query ID is invalid");
    query.answered = true;
    return true;
  },
  setmycommands: (w, p) => {
    w.commands.set(commandKey(p), validateCommands(markup(p.commands)));
    return true;
  },
  getmycommands: (w, p) => w.commands.get(commandKey(p)) ?? [],
  deletemycommands: (w, p) => {
    w.commands.delete(commandKey(p));
    return true;
  },
};

/** Runs one method; unknown methods get Telegram's 404. */
export async function callMethod(world: FakeWorld, method: string, params: Params): Promise<unknown> {
  const fn = methods[method.toLowerCase()];
  if (!fn) throw new FakeApiError(404, "Not Found: method not found");
  return await fn(world, params);
}

export type { FakeUpdate };
