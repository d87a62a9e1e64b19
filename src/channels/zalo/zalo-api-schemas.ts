// Shapes of Zalo Bot API bodies (zalo-bot-api.md §2–§4). Ids are strings and stay strings: the bot id
// has 19 digits, beyond JavaScript's safe integers. Objects are loose so new fields never break parsing.
import { z } from "zod";

const errorCode = z
  .union([
    z.number().int(),
    z
      .string()
      .regex(/^\d{1,4}$/)
      .transform(Number),
  ])
  .optional()
  .catch(undefined);

/** `{ok, result?, error_code?|errorCode?, description?}` — one docs sample spells the key `errorCode`. */
export const envelopeSchema = z.looseObject({
  ok: z.boolean(),
  result: z.unknown().optional(),
  error_code: errorCode,
  errorCode: errorCode,
  description: z.string().optional().catch(undefined),
});

export const botInfoSchema = z.looseObject({
  id: z.string().min(1),
  account_name: z.string().optional(),
  account_type: z.string().optional(),
  can_join_groups: z.boolean().optional(),
  display_name: z.string().optional(),
});
export type ZaloBotInfo = z.infer<typeof botInfoSchema>;

/** setWebhook / deleteWebhook / getWebhookInfo. `url` is "" when no webhook is set. */
export const webhookInfoSchema = z.looseObject({
  url: z.string().optional(),
  updated_at: z.number().optional(),
  verification: z.unknown().optional(),
});
export type ZaloWebhookInfo = z.infer<typeof webhookInfoSchema>;

/**
 * sendMessage / sendPhoto: `{message_id, date}`. Lenient on purpose: `ok:true` means the message went
 * out, so an odd result shape must not turn a delivered message into a failure (and a resend).
 */
export const sentMessageSchema = z
  .looseObject({
    message_id: z.string().optional().catch(undefined),
    date: z.number().optional().catch(undefined),
  })
  .optional()
  .catch(undefined);
export type ZaloSentMessage = { message_id?: string | undefined; date?: number | undefined };

/**
 * An update as delivered by getUpdates or the webhook: `{event_name, message}`. `message` is checked
 * per event later (inbound mapping), so an unknown future event with another shape is ignored, not rejected.
 */
export const rawUpdateSchema = z.looseObject({
  event_name: z.string().min(1).max(200),
  message: z.unknown().optional(),
});
export type ZaloRawUpdate = z.infer<typeof rawUpdateSchema>;

/** getUpdates result: one update, or nothing (tolerated: `ok:true` without `result`). */
export const updateResultSchema = rawUpdateSchema.optional();

const id = z.string().min(1).max(128);

/** Inbound text is not limited in the docs; the web chat's bound. The core keeps the first 4,000 characters. */
export const MAX_INBOUND_TEXT = 20_000;

/**
 * The message of the known `message.*.received` events (§4). Only the fields the bot reads are typed
 * (ids, chat type, sender's is_bot, text); the rest are unknown() so a changed type never rejects a message.
 */
export const messageSchema = z.looseObject({
  message_id: id,
  from: z.looseObject({ id: id.optional(), is_bot: z.boolean().optional() }).optional(),
  chat: z.looseObject({ id, chat_type: z.string().max(40).optional() }),
  text: z.string().max(MAX_INBOUND_TEXT).optional(),
  date: z.unknown().optional(),
  caption: z.unknown().optional(),
  photo_url: z.unknown().optional(),
  photo: z.unknown().optional(),
  voice_url: z.unknown().optional(),
  sticker: z.unknown().optional(),
  message_type: z.unknown().optional(),
});
export type ZaloMessage = z.infer<typeof messageSchema>;
