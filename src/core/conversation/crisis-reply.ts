// The first reply to a crisis, for the detected kind: a calm title, the emergency numbers that fit it,
// two or three short, safe first steps (checked against public first-aid guidance, written without
// blame) and a closing line, all from locales/<lng>/common.json `crisis`. One message: its `text` is the
// whole reply as plain text (Telegram, Zalo, the console), its parts let the web chat show it apart.
import type { Translator } from "../../shared/i18n/index.ts";
import type { Locale, OutboundMessage } from "../ports.ts";
import type { DangerCategory } from "../triage/index.ts";

/** Which numbers to show first for each kind: 115 ambulance, 113 police, 111 child protection. */
export const CRISIS_NUMBERS: Readonly<Record<DangerCategory, readonly string[]>> = {
  overdose: ["115", "113"],
  suicide: ["115", "113"],
  violence: ["113", "115"],
  child_at_risk: ["111", "113"],
  held_or_sold: ["113", "111"],
  plea: ["113", "115", "111"],
};

type CrisisMessage = Extract<OutboundMessage, { kind: "crisis" }>;

export function crisisReply(translator: Translator, locale: Locale, kind: DangerCategory | null): CrisisMessage {
  const danger: DangerCategory = kind ?? "plea";
  const t = (key: string) => translator.t(locale, `common:crisis.${key}`);
  const steps = translator.raw<string[]>(locale, `common:crisis.kinds.${danger}.steps`) ?? [];
  const title = t(`kinds.${danger}.title`);
  const numbers = CRISIS_NUMBERS[danger].map((number) => ({ number, label: t(`numbers.${number}`) }));
  const closing = t("closing");
  const text = [
    title,
    [t("numbersTitle"), ...numbers.map((n) => `• ${n.number} — ${n.label}`)].join("\n"),
    [t("stepsTitle"), ...steps.map((s, i) => `${i + 1}. ${s}`)].join("\n"),
    closing,
  ].join("\n\n");
  return { kind: "crisis", danger, text, title, numbers, steps, closing };
}
