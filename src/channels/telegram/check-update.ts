// Edge validation of a Telegram update: the fields the product (and grammY on its behalf) reads, with
// their types and lengths. Runs before grammY sees an update, in webhook mode (webhook-app.ts) and in
// long polling (the first middleware, bot-setup.ts).
//
// The rule:
// - not an update at all (not an object, or no non-negative safe-integer update_id) → "not-an-update":
//   the webhook answers 400. Telegram itself never sends that, so nothing is redelivered forever.
// - an update (valid update_id) with a field we read of the wrong type or length → "unusable": answered
//   200 and ignored, with one operator log line (update id, field path, zod issue code). Telegram would
//   redeliver a non-2xx forever, and a redelivery cannot fix the field.
// - anything else → "usable", passed on unchanged (the parsed copy is discarded: validation checks, it
//   never rewrites, so a "__proto__" key in the body cannot sneak fields past the schema).
// Fields nobody reads are not checked (objects are loose), so new Telegram fields never break parsing.
import type { Update } from "grammy/types";
import { z } from "zod";
import type { Logger } from "../../shared/logging/logger.ts";

/** Telegram allows 4,096 characters; an astral character (emoji) counts twice in UTF-16 code units. */
export const MAX_TEXT_LENGTH = 8_192;

// z.int() is a safe integer: Telegram's chat and user ids fit in 52 bits.
const id = z.int();
const chat = z.looseObject({ id, type: z.string().min(1).max(32) });
/** BCP 47 tags are at most 35 characters. */
const user = z.looseObject({ id, language_code: z.string().max(35).optional() });
const message = z.looseObject({ chat, from: user.optional(), text: z.string().max(MAX_TEXT_LENGTH).optional() });

const updateSchema = z.looseObject({
  update_id: z.int().nonnegative(),
  message: message.optional(),
  callback_query: z
    .looseObject({
      // Sent back verbatim in answerCallbackQuery: a nested array here once leaked a grammY timer.
      id: z.string().min(1).max(256),
      from: user,
      // An inaccessible message has chat and date only; inline-mode callbacks have no message.
      message: z.looseObject({ chat }).optional(),
      // Ours are at most 64 bytes (Telegram's limit); longer ones are foreign and mapped as unknown.
      data: z.string().max(256).optional(),
    })
    .optional(),
  my_chat_member: z.looseObject({ chat, from: user, new_chat_member: z.looseObject({ status: z.string().min(1).max(32) }) }).optional(),
});

export type UpdateCheck =
  | { kind: "usable"; update: Update }
  | { kind: "unusable"; updateId: number; field: string; issue: string }
  | { kind: "not-an-update"; field: string; issue: string };

/**
 * Updates found usable, so the pipeline's check of an update the webhook already checked is a lookup
 * (the same object goes on to grammY; nothing here or there changes it).
 */
const usable = new WeakSet<object>();

/** Never throws. Issue paths name schema keys only, never values (they may be message text or ids). */
export function checkUpdate(body: unknown): UpdateCheck {
  if (typeof body === "object" && body !== null && usable.has(body)) return { kind: "usable", update: body as Update };
  const parsed = updateSchema.safeParse(body);
  if (parsed.success) {
    usable.add(body as object);
    return { kind: "usable", update: body as Update };
  }
  const first = parsed.error.issues[0];
  const field = first?.path.map(String).join(".") || "(root)";
  const issue = first?.code ?? "invalid";
  const updateId = readUpdateId(body);
  return updateId === undefined ? { kind: "not-an-update", field, issue } : { kind: "unusable", updateId, field, issue };
}

function readUpdateId(body: unknown): number | undefined {
  if (typeof body !== "object" || body === null || Array.isArray(body)) return undefined;
  const value = (body as { update_id?: unknown }).update_id;
  return Number.isSafeInteger(value) && (value as number) >= 0 ? (value as number) : undefined;
}

/** The one operator line for an update dropped at the edge. */
export function logUnusableUpdate(logger: Logger, check: Extract<UpdateCheck, { kind: "unusable" }>, via: "webhook" | "pipeline"): void {
  logger.warn(
    { updateId: check.updateId, field: check.field, issue: check.issue, via },
    "telegram: update ignored at the edge (a field the bot reads is unusable)",
  );
}
