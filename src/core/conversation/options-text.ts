// Shared rendering of option lists for channels: button payloads for channels that have buttons,
// numbered text for channels that do not. The reply is resolved by match-option.ts either way.
import type { Translate } from "../../shared/i18n/index.ts";
import type { Locale, OutboundMessage } from "../ports.ts";

const CHOICE_PREFIX = "c";

/** Button payload for an option: "c:<menuSeq>:<optionId>" (short enough for Telegram's 64 bytes). */
export function encodeChoice(menuSeq: number, optionId: string): string {
  return `${CHOICE_PREFIX}:${menuSeq}:${optionId}`;
}

/** Parses a button payload; undefined when it is not one of ours. */
export function decodeChoice(data: string): { menuSeq: number; optionId: string } | undefined {
  const m = /^c:(\d{1,9}):([a-z0-9_.-]{1,40})$/.exec(data);
  if (!m) return undefined;
  return { menuSeq: Number(m[1]), optionId: m[2] as string };
}

/** "Question\n\n1. First\n2. Second\n\n(Reply with a number)" in the person's language. */
export function renderOptionsAsText(message: Extract<OutboundMessage, { kind: "options" }>, t: Translate, locale: Locale): string {
  if (message.buttonsOnly) return message.text;
  const lines = message.options.map((o, i) => `${i + 1}. ${o.label}`);
  return `${message.text}\n\n${lines.join("\n")}\n\n${t(locale, "common:options.replyWithNumber")}`;
}

/** Plain-text form of any outbound message, for channels without rich rendering. */
export function renderAsPlainText(message: OutboundMessage, t: Translate, locale: Locale): string {
  switch (message.kind) {
    case "text":
      return message.text;
    case "options":
      return renderOptionsAsText(message, t, locale);
    case "link":
      return `${message.text}\n${message.label}: ${message.url}`;
    case "crisis":
      return message.text;
  }
}
