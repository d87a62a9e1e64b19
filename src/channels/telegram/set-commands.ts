// Registers the command menu (the "/" list) in Vietnamese, English and a Vietnamese default, for
// private chats only: the bot never speaks in groups. Descriptions come from locales/<lng>/telegram.json.
import type { Api } from "grammy";
import type { BotCommand } from "grammy/types";
import { DEFAULT_LOCALE, SUPPORTED_LOCALES, type Translator } from "../../shared/i18n/index.ts";

/** Command names; the core reads them back as plain text ("/menu", "/delete" …). */
export const TELEGRAM_COMMANDS = ["start", "menu", "help", "requests", "delete", "language"] as const;

export function buildCommands(translator: Translator, locale: string): BotCommand[] {
  return TELEGRAM_COMMANDS.map((command) => ({ command, description: translator.t(locale, `telegram:commands.${command}`) }));
}

export async function setBotCommands(api: Api, translator: Translator): Promise<void> {
  const scope = { type: "all_private_chats" } as const;
  await api.setMyCommands(buildCommands(translator, DEFAULT_LOCALE), { scope });
  for (const locale of SUPPORTED_LOCALES) {
    await api.setMyCommands(buildCommands(translator, locale), { scope, language_code: locale });
  }
}
