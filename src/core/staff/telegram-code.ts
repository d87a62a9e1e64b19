// The one-time code a staff member sends to the bot as `/start staff_<code>`: random, stored hashed
// (as a StaffToken of kind "telegram"), short-lived and single use. Fits Telegram's 64-char start payload.
import { randomBytes } from "node:crypto";

export const STAFF_START_PREFIX = "staff_";
export const TELEGRAM_CODE_TTL_MS = 15 * 60_000;
export const TELEGRAM_CODE_PATTERN = /^[A-Za-z0-9_-]{22}$/;

export function newTelegramCode(): string {
  return randomBytes(16).toString("base64url");
}
