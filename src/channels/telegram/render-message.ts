// Core message → Telegram sendMessage payloads (HTML parse mode, inline keyboards).
// Caveat: Telegram's 4096 limit counts visible characters after entity parsing, so text is split
// first and each part escaped afterwards; escaping can never push a part over the limit.
import type { InlineKeyboardButton, InlineKeyboardMarkup } from "grammy/types";
import { encodeChoice } from "../../core/conversation/options-text.ts";
import type { OutboundMessage } from "../../core/ports.ts";
import { splitText } from "../../shared/text/fold.ts";

export const TELEGRAM_TEXT_LIMIT = 4096;

export interface TelegramMessagePart {
  /** HTML-escaped, for parse_mode "HTML". */
  html: string;
  replyMarkup?: InlineKeyboardMarkup;
}

/** Escapes the three characters Telegram's HTML mode reserves. */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

const BUTTON_URL = /^(https?|tg):\/\/\S+$/;

/** Parts in send order; buttons ride on the last part. Empty when there is nothing to send. */
export function renderMessage(message: OutboundMessage): TelegramMessagePart[] {
  // The crisis reply: its title in bold, the rest as plain text (Telegram has no tel: links in messages).
  if (message.kind === "crisis" && message.text.length <= TELEGRAM_TEXT_LIMIT && message.text.startsWith(message.title)) {
    return [{ html: `<b>${escapeHtml(message.title)}</b>${escapeHtml(message.text.slice(message.title.length))}` }];
  }
  let text = message.text;
  let buttons: InlineKeyboardButton[][] = [];
  if (message.kind === "options") {
    buttons = message.options.map((o) => [{ text: o.label, callback_data: encodeChoice(message.menuSeq, o.id) }]);
  } else if (message.kind === "link") {
    // Telegram rejects URL buttons with other schemes (BUTTON_URL_INVALID): fall back to plain text.
    if (BUTTON_URL.test(message.url)) buttons = [[{ text: message.label, url: message.url }]];
    else text = `${text}\n${message.label}: ${message.url}`;
  }
  const chunks = splitText(text, TELEGRAM_TEXT_LIMIT);
  // Telegram refuses empty text; a keyboard still needs a message to hang on.
  if (chunks.length === 0 && buttons.length > 0) chunks.push("…");
  const parts: TelegramMessagePart[] = chunks.map((chunk) => ({ html: escapeHtml(chunk) }));
  const last = parts.at(-1);
  if (last && buttons.length > 0) last.replyMarkup = { inline_keyboard: buttons };
  return parts;
}
