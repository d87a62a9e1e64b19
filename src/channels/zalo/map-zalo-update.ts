// Zalo update → core InboundEnvelope (zalo-bot-api.md §4). Only private chats are answered: the bot
// never speaks in groups. Media is answered as "unsupported"; unknown events are ignored.
//
// Edge validation (the same rule as Telegram's check-update.ts):
// - "invalid": not an update at all (no event_name string) → the webhook answers 400;
// - "unusable": a known event whose message has a field the bot reads of the wrong type or length
//   (ids, chat type, is_bot, text) → answered 200 and ignored with one log line naming the field,
//   because a redelivery cannot repair it;
// - "ignored": unknown events, groups, bots → 200.
import type { InboundEnvelope, InboundEvent } from "../../core/ports.ts";
import type { Logger } from "../../shared/logging/logger.ts";
import { messageSchema, rawUpdateSchema, type ZaloMessage } from "./zalo-api-schemas.ts";

/** `media` values handed to the core for the non-text events. */
const MEDIA_BY_EVENT: Record<string, string> = {
  "message.image.received": "image",
  "message.sticker.received": "sticker",
  "message.voice.received": "voice",
  "message.unsupported.received": "unsupported",
};
const TEXT_EVENT = "message.text.received";

export type MappedUpdate =
  | { kind: "envelope"; envelope: InboundEnvelope; replayKey: string; eventName: string }
  | { kind: "ignored"; reason: "group" | "unknown_event" | "from_bot"; eventName: string }
  | { kind: "unusable"; eventName: string; field: string; issue: string }
  | { kind: "invalid"; issues: string[] };

/** A safe-to-log form of an event name from an untrusted body. */
export function loggableEventName(name: string): string {
  return /^[A-Za-z0-9._-]{1,80}$/.test(name) ? name : "[unprintable]";
}

/** Issue paths only: zod messages may quote values, and values may be message text or ids. */
function issuePaths(error: { issues: readonly { path: readonly PropertyKey[]; code: string }[] }): string[] {
  return error.issues.slice(0, 5).map((i) => `${i.path.map(String).join(".") || "(root)"}: ${i.code}`);
}

function unusable(eventName: string, error: { issues: readonly { path: readonly PropertyKey[]; code: string }[] }): MappedUpdate {
  const first = error.issues[0];
  const path = first?.path.map(String).join(".");
  return { kind: "unusable", eventName, field: path ? `message.${path}` : "message", issue: first?.code ?? "invalid" };
}

/** Accepts the bare `{event_name, message}` body and the docs' wrapped `{ok, result: {…}}` form. */
export function unwrapUpdateBody(body: unknown): unknown {
  if (typeof body === "object" && body !== null && !("event_name" in body) && "result" in body) {
    return (body as { result: unknown }).result;
  }
  return body;
}

function isPrivate(message: ZaloMessage): boolean {
  const type = message.chat.chat_type;
  // chat_type missing: fall back to the documented rule that chat.id equals from.id in private chats.
  return type === undefined ? message.from?.id === message.chat.id : type.toUpperCase() === "PRIVATE";
}

function toEvent(eventName: string, message: ZaloMessage): InboundEvent | undefined {
  if (eventName === TEXT_EVENT) return typeof message.text === "string" ? { kind: "text", text: message.text } : undefined;
  const media = MEDIA_BY_EVENT[eventName];
  return media === undefined ? undefined : { kind: "unsupported", media };
}

/** Maps one update (already unwrapped). Never throws. */
export function mapZaloUpdate(input: unknown): MappedUpdate {
  const update = rawUpdateSchema.safeParse(input);
  if (!update.success) return { kind: "invalid", issues: issuePaths(update.error) };
  const eventName = update.data.event_name;
  if (eventName !== TEXT_EVENT && MEDIA_BY_EVENT[eventName] === undefined) return { kind: "ignored", reason: "unknown_event", eventName };
  const parsed = messageSchema.safeParse(update.data.message);
  if (!parsed.success) return unusable(eventName, parsed.error);
  const message = parsed.data;
  const event = toEvent(eventName, message);
  if (event === undefined) return { kind: "unusable", eventName, field: "message.text", issue: "required" };
  if (!isPrivate(message)) return { kind: "ignored", reason: "group", eventName };
  if (message.from?.is_bot === true) return { kind: "ignored", reason: "from_bot", eventName };
  return {
    kind: "envelope",
    eventName,
    replayKey: `${eventName}:${message.message_id}`,
    envelope: { channel: "zalo", externalId: message.chat.id, channelMessageId: message.message_id, event },
  };
}

/** The one operator line for an update dropped at the edge: event, field path and issue code, never values. */
export function logUnusableUpdate(logger: Logger, mapped: Extract<MappedUpdate, { kind: "unusable" }>, via: "webhook" | "polling"): void {
  logger.warn(
    { event: loggableEventName(mapped.eventName), field: mapped.field, issue: mapped.issue, via },
    "Zalo update ignored at the edge (a field the bot reads is unusable)",
  );
}
