// Opt-in prevention tips: weekly by default, from the topic library (locales/<lng>/topics.json) in the
// person's language, never more than one a week (the outbox key tip:<personId>:<ISO week>), never in
// the quiet hours (21:00–07:00 Vietnam time). Sent through the bulk lane by the job send-due-tips.
import type { Translator } from "../../shared/i18n/index.ts";
import type { Logger } from "../../shared/logging/logger.ts";
import type { EnqueueInput } from "../outbox/outbox.ts";
import type { Clock, OutboundMessage, Stores } from "../ports.ts";
import { LOCAL_OFFSET_HOURS, isQuiet, outsideQuietHours } from "../referral/follow-up-time.ts";
import { TIP_CADENCE_DAYS } from "./ports.ts";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** ISO 8601 week of a moment, in Vietnam time, e.g. "2026-W49". */
export function isoWeek(at: Date): string {
  const local = new Date(at.getTime() + LOCAL_OFFSET_HOURS * HOUR);
  const day = Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate());
  const weekday = (new Date(day).getUTCDay() + 6) % 7; // Monday 0
  const thursday = new Date(day - weekday * DAY + 3 * DAY);
  const yearStart = Date.UTC(thursday.getUTCFullYear(), 0, 1);
  const week = 1 + Math.floor((thursday.getTime() - yearStart) / (7 * DAY));
  return `${thursday.getUTCFullYear()}-W${String(week).padStart(2, "0")}`;
}

/** The first tip after subscribing: soon (the next minute the job runs), outside the quiet hours. */
export const firstTipAt = (now: Date): Date => outsideQuietHours(now);

/** The n-th tip: every topic's screens in turn, then from the start again. */
export function tipText(translator: Translator, locale: string, n: number): string {
  const lng = locale === "en" ? "en" : "vi";
  const topics = translator.raw<Record<string, { title: string; screens: string[] }>>(lng, "topics:topics") ?? {};
  const tips = Object.values(topics).flatMap((t) => t.screens.map((screen) => ({ title: t.title, screen })));
  const tip = tips[n % Math.max(1, tips.length)];
  const head = translator.t(lng, "broadcasts:tips.heading", { title: tip?.title ?? "" });
  return `${head}\n\n${tip?.screen ?? ""}\n\n${translator.t(lng, "broadcasts:chat.stopHint")}`;
}

/** The option id of the tip's "stop tips" button (a global choice of the tips flow, whatever is on screen). */
export const STOP_TIPS_OPTION = "tips.stop";

/** The n-th tip as sent: its text, and a "stop tips" button where the channel has buttons. */
export function tipMessage(translator: Translator, locale: string, n: number): OutboundMessage {
  const lng = locale === "en" ? "en" : "vi";
  return {
    kind: "options",
    text: tipText(translator, locale, n),
    menuSeq: 0,
    buttonsOnly: true,
    options: [{ id: STOP_TIPS_OPTION, label: translator.t(lng, "broadcasts:chat.stopButton") }],
  };
}

export interface TipDeps {
  stores: Pick<Stores, "tips">;
  clock: Clock;
  logger: Logger;
  translator: Translator;
  enqueue(input: EnqueueInput): Promise<{ id: string; created: boolean } | null>;
}

/** Queues the tips that are due. Rerun-safe: a person's week has one key, so a rerun queues nothing new. */
export async function sendDueTips(d: TipDeps, limit = 500): Promise<{ queued: number; quiet: boolean }> {
  const now = d.clock.now();
  if (isQuiet(now)) return { queued: 0, quiet: true };
  let queued = 0;
  for (const s of await d.stores.tips.listDue(now, limit)) {
    const m = await d.enqueue({
      personId: s.personId,
      body: tipMessage(d.translator, s.locale, s.tipsSent),
      lane: "bulk",
      idempotencyKey: `tip:${s.personId}:${isoWeek(now)}`,
    });
    if (m?.created) queued += 1;
    const next = outsideQuietHours(new Date(now.getTime() + Math.max(TIP_CADENCE_DAYS, s.cadenceDays) * DAY));
    await d.stores.tips.markSent(s.personId, now, next);
  }
  if (queued > 0) d.logger.info({ queued }, "tips queued");
  return { queued, quiet: false };
}
