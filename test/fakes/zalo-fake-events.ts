// Builders for inbound Zalo updates as the real platform sends them (zalo-bot-api.md §4):
// `{event_name, message}` with 20-hex string ids and epoch-millisecond dates.
import { randomBytes } from "node:crypto";

export type ZaloEventKind = "text" | "image" | "sticker" | "voice" | "unsupported";

export const EVENT_NAMES: Record<ZaloEventKind, string> = {
  text: "message.text.received",
  image: "message.image.received",
  sticker: "message.sticker.received",
  voice: "message.voice.received",
  unsupported: "message.unsupported.received",
};

export interface FakeZaloUpdate {
  event_name: string;
  message: Record<string, unknown>;
}

export interface InjectSpec {
  kind?: ZaloEventKind;
  /** Text for kind "text" (default "xin chào"). */
  text?: string;
  /** Sender id (20 hex); a fresh one when omitted. In PRIVATE chats chat.id equals it. */
  userId?: string;
  displayName?: string;
  chatType?: "PRIVATE" | "GROUP";
  /** Group id for GROUP chats (20 hex, fresh when omitted). */
  groupId?: string;
  /** Reuse an id to simulate a duplicate delivery; fresh 20-hex id when omitted. */
  messageId?: string;
  /** Overrides the event name (e.g. an unknown future event). */
  eventName?: string;
  /** Image: also send the docs' `photo` alias next to `photo_url`. */
  photoAlias?: boolean;
  caption?: string;
  /** Extra/overriding message fields. */
  extra?: Record<string, unknown>;
}

export function hexId(): string {
  return randomBytes(10).toString("hex");
}

function mediaFields(kind: ZaloEventKind, spec: InjectSpec): Record<string, unknown> {
  switch (kind) {
    case "text":
      return { text: spec.text ?? "xin chào" };
    case "image": {
      const url = `https://photo-stal.zadn.vn/fake/${hexId()}.jpg`;
      return {
        photo_url: url,
        ...(spec.photoAlias ? { photo: url } : {}),
        ...(spec.caption !== undefined ? { caption: spec.caption } : {}),
        message_type: "CHAT_PHOTO",
      };
    }
    case "sticker":
      return { sticker: hexId().slice(0, 8), url: `https://zalo-api.zadn.vn/fake/sticker/${hexId()}.png` };
    case "voice":
      return { voice_url: `https://voice-aac.zadn.vn/fake/${hexId()}.aac`, message_type: "CHAT_VOICE" };
    case "unsupported":
      return {};
  }
}

/** Builds one update. Returns the update and the ids used, so tests can address the chat later. */
export function buildUpdate(spec: InjectSpec = {}): { update: FakeZaloUpdate; chatId: string; userId: string; messageId: string } {
  const kind = spec.kind ?? "text";
  const userId = spec.userId ?? hexId();
  const chatType = spec.chatType ?? "PRIVATE";
  const chatId = chatType === "PRIVATE" ? userId : (spec.groupId ?? hexId());
  const messageId = spec.messageId ?? hexId();
  const message: Record<string, unknown> = {
    from: { id: userId, display_name: spec.displayName ?? "Người dùng", is_bot: false },
    chat: { id: chatId, chat_type: chatType },
    message_id: messageId,
    date: Date.now(),
    ...mediaFields(kind, spec),
    ...spec.extra,
  };
  return { update: { event_name: spec.eventName ?? EVENT_NAMES[kind], message }, chatId, userId, messageId };
}
