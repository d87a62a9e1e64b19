import type { CoreDeps } from "../deps.ts";
import { AppError } from "../../shared/errors/app-error.ts";
import { auditCase, requireActor, textSchema, type CaseActionInput } from "./case-rules.ts";
import { claimCase } from "./claim-case.ts";
import { firstReplyFact } from "../reports/facts.ts";

/**
 * Sends a reply through the bot, in the person's channel and language, signed as the service
 * ("Tư vấn viên: …"), never with the counsellor's name. An unclaimed case is claimed first. The
 * engine records the message with its delivery status. The case's first reply records `case.first_reply`.
 */
export async function replyToCase(d: CoreDeps, o: CaseActionInput & { text: unknown }): Promise<void> {
  const text = textSchema.safeParse(o.text);
  if (!text.success) throw new AppError("invalid_input");
  requireActor(o.staff, o.kase);
  if (!o.kase.assignee) await claimCase(d, o);
  const address = await d.stores.people.getAddress(o.kase.personId);
  if (!address) throw new AppError("gone");
  const signed = d.translator.t(address.locale, "console:reply.signed", { text: text.data });
  const person = { id: o.kase.personId, channel: address.channel, locale: address.locale };
  await d.engine.deliver(person, address.externalId, { kind: "text", text: signed }, { author: "counsellor", caseId: o.kase.id });
  const now = d.clock.now();
  await d.stores.unitOfWork.run(async (s) => {
    await s.cases.noteCounsellorReply(o.kase.id);
    await s.facts.record([firstReplyFact(o.kase, now)]); // kept only for the case's first reply
  });
  await auditCase(d, { ...o, action: "case.reply", details: { messageId: await d.stores.messages.lastCounsellorMessageId(o.kase.id) } });
}
