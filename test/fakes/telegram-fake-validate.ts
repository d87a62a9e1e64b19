// Validation the real Bot API performs that our adapter must survive: HTML parse mode, text length
// after entity parsing, inline keyboards, bot commands. Errors mirror Telegram's descriptions.

export class FakeApiError extends Error {
  readonly code: number;
  readonly parameters: Record<string, unknown> | undefined;
  constructor(code: number, description: string, parameters?: Record<string, unknown>) {
    super(description);
    this.code = code;
    this.parameters = parameters;
  }
}

export const badRequest = (what: string): FakeApiError => new FakeApiError(400, `Bad Request: ${what}`);

const HTML_TAGS = new Set(["b", "strong", "i", "em", "u", "ins", "s", "strike", "del", "span", "tg-spoiler", "a", "code", "pre", "blockquote", "tg-emoji"]);
const NAMED_ENTITIES: Record<string, string> = { lt: "<", gt: ">", amp: "&", quot: '"' };

/**
 * Returns the visible text of a message in HTML parse mode, throwing Telegram's "can't parse entities"
 * error for unknown tags and bare `&`. Tag nesting is not checked (the adapter never sends tags).
 */
export function parseHtmlText(html: string): string {
  let out = "";
  let i = 0;
  while (i < html.length) {
    const ch = html[i] as string;
    if (ch === "<") {
      const end = html.indexOf(">", i);
      const m = end < 0 ? null : /^<\/?([a-z-]+)(\s[^>]*)?>$/i.exec(html.slice(i, end + 1));
      if (!m || !HTML_TAGS.has((m[1] as string).toLowerCase())) {
        const name = m?.[1] ?? html.slice(i + 1, i + 8);
        throw badRequest(`can't parse entities: Unsupported start tag "${name}" at byte offset ${i}`);
      }
      i = end + 1;
    } else if (ch === "&") {
      const m = /^&(#\d{1,7}|#x[0-9a-f]{1,6}|[a-z]{2,8});/i.exec(html.slice(i, i + 12));
      if (!m) throw badRequest(`can't parse entities: Character '&' is reserved at byte offset ${i}`);
      const body = m[1] as string;
      if (body.startsWith("#")) {
        const n = body[1] === "x" || body[1] === "X" ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10);
        out += String.fromCodePoint(n);
      } else {
        out += NAMED_ENTITIES[body.toLowerCase()] ?? `&${body};`;
      }
      i += m[0].length;
    } else if (ch === ">") {
      throw badRequest(`can't parse entities: Character '>' is reserved at byte offset ${i}`);
    } else {
      out += ch;
      i += 1;
    }
  }
  return out;
}

/** Validates `text` (+ parse_mode) like sendMessage does and returns the visible text. */
export function visibleText(text: unknown, parseMode: unknown): string {
  if (typeof text !== "string") throw badRequest("message text is empty");
  const visible = parseMode === "HTML" ? parseHtmlText(text) : text;
  if (visible.trim().length === 0) throw badRequest("message text is empty");
  if (visible.length > 4096) throw badRequest("message is too long");
  return visible;
}

/** Checks an inline keyboard the way Telegram does (callback_data 1–64 bytes, url http(s)/tg). */
export function validateReplyMarkup(markup: unknown): void {
  if (markup === undefined) return;
  if (typeof markup !== "object" || markup === null) throw badRequest("can't parse reply keyboard markup JSON object");
  const rows = (markup as { inline_keyboard?: unknown }).inline_keyboard;
  if (rows === undefined) return; // other keyboard kinds are accepted unchecked
  if (!Array.isArray(rows)) throw badRequest('field "inline_keyboard" of the InlineKeyboardMarkup must be an Array');
  for (const row of rows) {
    if (!Array.isArray(row)) throw badRequest('field "inline_keyboard" of the InlineKeyboardMarkup must be an Array of Arrays');
    for (const button of row as Array<Record<string, unknown>>) {
      if (typeof button.text !== "string" || button.text.length === 0)
        throw badRequest("can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard");
      const data = button.callback_data;
      const url = button.url;
      if (data === undefined && url === undefined)
        throw badRequest("can't parse inline keyboard button: InlineKeyboardButton must have exactly one optional field");
      if (data !== undefined && (typeof data !== "string" || Buffer.byteLength(data) < 1 || Buffer.byteLength(data) > 64)) {
        throw badRequest("BUTTON_DATA_INVALID");
      }
      if (url !== undefined && (typeof url !== "string" || !/^(https?|tg):\/\/\S+$/.test(url))) throw badRequest("BUTTON_URL_INVALID");
    }
  }
}

export interface FakeBotCommand {
  command: string;
  description: string;
}

/** Validates setMyCommands' `commands` and returns them. */
export function validateCommands(commands: unknown): FakeBotCommand[] {
  if (!Array.isArray(commands) || commands.length > 100) throw badRequest("commands must be an array of at most 100 items");
  for (const c of commands as Array<Record<string, unknown>>) {
    if (typeof c.command !== "string" || !/^[a-z0-9_]{1,32}$/.test(c.command)) throw badRequest("BOT_COMMAND_INVALID");
    if (typeof c.description !== "string" || c.description.length < 1 || c.description.length > 256) {
      throw badRequest("BOT_COMMAND_DESCRIPTION_INVALID");
    }
  }
  return commands as FakeBotCommand[];
}
