// "Link Telegram" on the console: mints a one-time code for the signed-in staff member and returns
// what to show: the deep link when the bot's username is known, and the command to send otherwise.
import { hashToken } from "./tokens.ts";
import type { CoreDeps } from "../deps.ts";
import type { StaffRecord } from "../ports.ts";
import { AppError } from "../../shared/errors/app-error.ts";
import { newTelegramCode, STAFF_START_PREFIX, TELEGRAM_CODE_TTL_MS } from "./telegram-code.ts";

export interface TelegramLinkOffer {
  /** What to send to the bot: `/start staff_<code>`. */
  command: string;
  /** https://t.me/<bot>?start=staff_<code>, when the bot's username is known. */
  deepLink: string | null;
  expiresAt: Date;
}

export async function createTelegramLink(d: CoreDeps, o: { staff: StaffRecord }): Promise<TelegramLinkOffer> {
  if (!d.messenger) throw new AppError("forbidden");
  const code = newTelegramCode();
  const expiresAt = new Date(d.clock.now().getTime() + TELEGRAM_CODE_TTL_MS);
  await d.stores.staffTokens.createStaffToken({ tokenHash: hashToken(code), kind: "telegram", staffId: o.staff.id, createdById: o.staff.id, expiresAt });
  const payload = `${STAFF_START_PREFIX}${code}`;
  const bot = d.messenger.botUsername();
  return { command: `/start ${payload}`, deepLink: bot ? `https://t.me/${bot}?start=${payload}` : null, expiresAt };
}
