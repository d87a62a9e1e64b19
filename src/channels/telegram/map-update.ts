// Telegram update → what the core should hear. Pure: no I/O, so every odd update shape is unit-testable.
//
// Contract:
// - Only private chats count. Groups, supergroups and channels (channel_post) are ignored: the bot
//   never speaks there.
// - edited_message is ignored without a reply: the conversation continues from the original message
//   (edits are also left out of allowed_updates, so Telegram normally never sends them).
// - Media is never downloaded: it becomes {kind:"unsupported", media:<Telegram field name>}; captions are dropped.
// - Service messages (pins, payments, shared users…) are ignored.
import type { Message, Update, User } from "grammy/types";
import { decodeChoice } from "../../core/conversation/options-text.ts";
import type { InboundEnvelope, InboundEvent } from "../../core/ports.ts";

export type UpdateAction =
  { kind: "inbound"; envelope: InboundEnvelope } | { kind: "reachability"; externalId: string; reachable: boolean } | { kind: "ignore"; reason: IgnoreReason };

export type IgnoreReason = "not-private" | "edited" | "service-message" | "unknown-callback" | "member-status" | "unhandled-update-type";

/** Update types the bot asks Telegram for (allowed_updates). */
export const ALLOWED_UPDATES = ["message", "callback_query", "my_chat_member"] as const;

// Order matters: an animation also carries `document`, a venue also carries `location`.
const MEDIA_FIELDS = [
  "animation",
  "live_photo",
  "photo",
  "video_note",
  "video",
  "voice",
  "audio",
  "sticker",
  "document",
  "venue",
  "location",
  "contact",
  "poll",
  "dice",
  "game",
  "story",
  "paid_media",
  "invoice",
  "checklist",
  "giveaway",
  "passport_data",
  "rich_message",
] as const;

const START_COMMAND = /^\/start(?:@\w+)?(?:\s+([\s\S]*))?$/;

export function mapUpdate(update: Update): UpdateAction {
  const id = String(update.update_id);
  if (update.message) return mapMessage(update.message, id);
  if (update.callback_query) {
    const query = update.callback_query;
    const chat = query.message?.chat;
    if (!chat) return ignore("unknown-callback"); // inline-mode message: not ours
    if (chat.type !== "private") return ignore("not-private");
    const choice = query.data === undefined ? undefined : decodeChoice(query.data);
    if (!choice) return ignore("unknown-callback");
    return inbound(String(chat.id), id, query.from, { kind: "choice", optionId: choice.optionId, menuSeq: choice.menuSeq });
  }
  if (update.my_chat_member) {
    const change = update.my_chat_member;
    if (change.chat.type !== "private") return ignore("not-private");
    const status = change.new_chat_member.status;
    if (status === "kicked") return { kind: "reachability", externalId: String(change.chat.id), reachable: false };
    if (status === "member") return { kind: "reachability", externalId: String(change.chat.id), reachable: true };
    return ignore("member-status");
  }
  if (update.edited_message) return ignore("edited");
  if (update.channel_post || update.edited_channel_post) return ignore("not-private");
  return ignore("unhandled-update-type");
}

function mapMessage(message: Message, updateId: string): UpdateAction {
  if (message.chat.type !== "private") return ignore("not-private");
  const externalId = String(message.chat.id);
  if (typeof message.text === "string") {
    const start = START_COMMAND.exec(message.text);
    if (start) {
      const payload = start[1]?.trim();
      return inbound(externalId, updateId, message.from, payload ? { kind: "start", payload } : { kind: "start" });
    }
    return inbound(externalId, updateId, message.from, { kind: "text", text: message.text });
  }
  const media = MEDIA_FIELDS.find((field) => message[field] !== undefined);
  if (media) return inbound(externalId, updateId, message.from, { kind: "unsupported", media });
  return ignore("service-message");
}

function inbound(externalId: string, updateId: string, from: User | undefined, event: InboundEvent): UpdateAction {
  const envelope: InboundEnvelope = { channel: "telegram", externalId, channelMessageId: updateId, event };
  // check-update.ts refuses a non-string; this keeps mapUpdate safe for callers that skip the check.
  if (typeof from?.language_code === "string" && from.language_code !== "") envelope.localeHint = from.language_code;
  return { kind: "inbound", envelope };
}

function ignore(reason: IgnoreReason): UpdateAction {
  return { kind: "ignore", reason };
}
