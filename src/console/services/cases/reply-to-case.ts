import type { ConsoleDeps } from "../../deps.ts";
import { ConsoleError } from "../console-error.ts";
import { auditCase, requireActor, textSchema, type CaseActionInput } from "./case-guards.ts";
import { claimCase } from "./claim-case.ts";

/**
 * Sends a reply through the bot, in the person's channel and language, signed as the service
 * ("Tư vấn viên: …"), never with the counsellor's name. An unclaimed case is claimed first. The
 * engine records the message with its delivery status.
 */
export async function replyToCase(d: ConsoleDeps, o: CaseActionInput & { text: unknown }): Promise<void> {
  const text = textSchema.safeParse(o.text);
  if (!text.success) throw new ConsoleError("invalid_input");
  requireActor(o.staff, o.kase);
  if (!o.kase.assignee) await claimCase(d, o);
  const address = await d.core.getAddress(o.kase.personId);
  if (!address) throw new ConsoleError("gone");
  const signed = d.translator.t(address.locale, "console:reply.signed", { text: text.data });
  const person = { id: o.kase.personId, channel: address.channel, locale: address.locale };
  await d.engine.deliver(person, address.externalId, { kind: "text", text: signed }, { author: "counsellor", caseId: o.kase.id });
  await auditCase(d, { ...o, action: "case.reply", details: { messageId: await d.store.lastCounsellorMessageId(o.kase.id) } });
}
