// The bot's side of linking: `/start staff_<code>` arrives as a start payload, is answered here (the
// engine never creates a person for it), and stores the chat id sealed on the staff account.
// A redelivered update finds the code used but the chat already linked, and gets the same answer.
import type { ChannelName, Locale, OutboundMessage, StartPayloadHandler } from "../ports.ts";
import { matchLocale, type Translator } from "../../shared/i18n/index.ts";
import type { Logger } from "../../shared/logging/logger.ts";
import type { Clock } from "../ports.ts";
import { hashToken } from "./tokens.ts";
import type { StaffRecord, Stores } from "../ports.ts";
import { STAFF_START_PREFIX, TELEGRAM_CODE_PATTERN } from "./telegram-code.ts";

export interface StaffLinkDeps {
  stores: Pick<Stores, "staff" | "staffTokens" | "audit">;
  translator: Translator;
  clock: Clock;
  logger: Logger;
}

const LINK_CHANNEL: ChannelName = "telegram";

export function createStaffLinkHandler(d: StaffLinkDeps): StartPayloadHandler {
  const reply = (locale: Locale, key: string, vars?: Record<string, unknown>) => ({
    locale,
    message: { kind: "text", text: d.translator.t(locale, `console:telegram.${key}`, vars) } as OutboundMessage,
  });
  const localeOf = (staff: StaffRecord): Locale => (staff.locale === "en" ? "en" : "vi");
  return {
    prefix: STAFF_START_PREFIX,
    async handle({ channel, externalId, payload, localeHint }) {
      if (channel !== LINK_CHANNEL) return null; // staff link Telegram only; elsewhere it is an ordinary start
      const fallback = matchLocale(localeHint) ?? "vi";
      const code = payload.slice(STAFF_START_PREFIX.length);
      const now = d.clock.now();
      const token = TELEGRAM_CODE_PATTERN.test(code) ? await d.stores.staffTokens.findStaffToken(hashToken(code), "telegram", now) : null;
      if (!token?.staffId || !(await d.stores.staffTokens.useStaffToken(token.id, now))) {
        const already = await d.stores.staff.findStaffByTelegram(externalId);
        if (already?.active) return reply(localeOf(already), "linked", { name: already.displayName });
        d.logger.info("telegram link: invalid or used code");
        return reply(fallback, "linkInvalid");
      }
      const staff = await d.stores.staff.getStaff(token.staffId);
      if (!staff?.active) return reply(fallback, "linkInvalid");
      await d.stores.staff.linkTelegram(staff.id, externalId, now);
      await d.stores.audit.record({ actorId: staff.id, action: "staff.telegram_link", targetId: staff.id }, now);
      d.logger.info({ staffId: staff.id }, "telegram linked to a staff account");
      return reply(localeOf(staff), "linked", { name: staff.displayName });
    },
  };
}
