// Pings on-duty, Telegram-linked staff who may see the case (access.ts rules) about a new crisis or
// high case: the handle, the priority and a console link — never message text, concern or identifiers.
// Idempotent per (case, staff, priority): each ping is reserved in the store before it is sent, so a
// retried job skips those already sent; a failed send drops its reservation and is reported, so the
// job can be retried for just those.
import { canSeeCase, CASE_ROLES } from "./access.ts";
import { BASE } from "../deps.ts";
import type { Clock } from "../ports.ts";
import type { Translator } from "../../shared/i18n/index.ts";
import type { Logger } from "../../shared/logging/logger.ts";
import type { AlertRecipient, CaseDetail, StaffMessenger, Stores } from "../ports.ts";

export interface NotifyDeps {
  stores: Pick<Stores, "cases" | "staff" | "staffAlerts">;
  messenger: StaffMessenger;
  translator: Translator;
  clock: Clock;
  logger: Logger;
  /** Where the console is reached, e.g. PUBLIC_URL or http://localhost:PORT. */
  origin(): string;
}

export interface NotifyResult {
  sent: number;
  skipped: number;
  failed: number;
}

const PRIORITY_KEYS: Record<number, string> = { 0: "crisis", 1: "high" };

/**
 * `round` > 0 is an escalation of a crisis nobody claimed (escalate-crisis.ts): the counsellors and
 * supervisors of the case's area, or the admins when there are none; its own ping key and wording.
 */
export async function notifyUrgentCase(d: NotifyDeps, o: { caseId: string; priority: number; round?: number; waitedMinutes?: number }): Promise<NotifyResult> {
  const result: NotifyResult = { sent: 0, skipped: 0, failed: 0 };
  const kase = await d.stores.cases.findCaseById(o.caseId);
  if (!kase || kase.status !== "open" || !PRIORITY_KEYS[o.priority]) return result;
  const round = o.round ?? 0;
  const recipients = escalationRecipients(
    (await d.stores.staff.listAlertRecipients()).filter((r) => CASE_ROLES.includes(r.staff.role) && canSeeCase(r.staff, kase)),
    round,
  );
  for (const recipient of recipients) {
    const outcome = await pingOne(d, kase, o.priority, recipient, round, o.waitedMinutes ?? 0);
    result[outcome] += 1;
  }
  d.logger.info({ case: kase.handle, priority: o.priority, ...result }, "urgent case: staff notified");
  return result;
}

/** First ping: everyone who may see the case. Escalations: the area's counsellors and supervisors, else the admins. */
function escalationRecipients(all: AlertRecipient[], round: number): AlertRecipient[] {
  if (round === 0) return all;
  const area = all.filter((r) => r.staff.role !== "admin");
  return area.length > 0 ? area : all.filter((r) => r.staff.role === "admin");
}

async function pingOne(d: NotifyDeps, kase: CaseDetail, priority: number, r: AlertRecipient, round = 0, minutes = 0): Promise<keyof NotifyResult> {
  const alertId = await d.stores.staffAlerts.claimStaffAlert({ caseId: kase.id, staffId: r.staff.id, priority, now: d.clock.now(), round });
  if (!alertId) return "skipped";
  const locale = r.staff.locale === "en" ? "en" : "vi";
  const text = d.translator.t(locale, round > 0 ? "console:telegram.escalation" : "console:telegram.alert", {
    minutes,
    handle: kase.handle,
    priority: d.translator.t(locale, `console:priority.${PRIORITY_KEYS[priority]}`),
    url: `${d.origin().replace(/\/+$/, "")}${BASE}/cases/${kase.handle}`,
  });
  const status = await d.messenger.send(r.telegramChatId, text, locale);
  if (status === "retryable" || status === "permanent") {
    await d.stores.staffAlerts.dropStaffAlert(alertId);
    return "failed";
  }
  await d.stores.staffAlerts.finishStaffAlert(alertId, status);
  return status === "sent" ? "sent" : "skipped";
}
