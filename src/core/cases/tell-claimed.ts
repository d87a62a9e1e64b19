import type { CoreDeps } from "../deps.ts";
import type { CaseDetail } from "../ports.ts";

/**
 * Tells the person, in their own channel and language, that a counsellor is reading their request. Called
 * after the claim is stored; a failure is logged and never undoes the claim (the console still shows it held).
 */
export async function tellPersonClaimed(d: CoreDeps, kase: Pick<CaseDetail, "id" | "handle" | "personId">): Promise<void> {
  try {
    const address = await d.stores.people.getAddress(kase.personId);
    if (!address?.reachable) return;
    const text = d.translator.t(address.locale, "common:case.claimed", { handle: kase.handle });
    const person = { id: kase.personId, channel: address.channel, locale: address.locale };
    await d.engine.deliver(person, address.externalId, { kind: "text", text }, { caseId: kase.id });
  } catch (error) {
    d.logger.warn({ err: error, case: kase.handle }, "could not tell the person that a counsellor took their request");
  }
}
