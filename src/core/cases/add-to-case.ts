import type { CaseRecord } from "../ports.ts";
import type { CaseWriteDeps } from "./open-case.ts";

/** The person wrote more on their open case: the messages join it; a follow-up keeps their place in the queue. */
export async function addToCase(d: CaseWriteDeps, o: { case: CaseRecord; messageIds: string[] }): Promise<void> {
  await d.stores.messages.linkMessagesToCase(o.messageIds, o.case.id);
  await d.stores.cases.notePersonMessage(o.case.id, d.clock.now());
}
