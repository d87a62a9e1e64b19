// The web chat's view of the message log: what the page shows, in order, with seq for resuming.
import type { ChannelName, MessageBody, Stores } from "../../core/ports.ts";
import type { Translator } from "../../shared/i18n/index.ts";

export interface ChatItem {
  seq: number;
  direction: "inbound" | "outbound";
  author: "person" | "bot" | "counsellor";
  body: MessageBody;
  /** For the person's own messages: the id the page gave it, so an optimistic copy is not shown twice. */
  clientId?: string;
}

const CHANNEL: ChannelName = "webchat";

/** `t` words a body that retention removed ("[removed after N days]", in the person's language). */
export async function readHistory(
  stores: Pick<Stores, "people" | "messages">,
  sessionId: string,
  afterSeq: number,
  t: Translator["t"],
  limit = 200,
): Promise<ChatItem[]> {
  const person = await stores.people.findPerson(CHANNEL, sessionId);
  if (!person) return [];
  const messages = await stores.messages.listMessages(person.id, { afterSeq, limit });
  const bodyOf = (m: (typeof messages)[number]): MessageBody =>
    m.removedAfterDays === null ? m.body : { kind: "text", text: t(person.locale, "retention:removed", { days: m.removedAfterDays }) };
  return messages
    .filter((m) => m.body.kind !== "start" && m.body.kind !== "unsupported")
    .map((m) => ({ seq: m.seq, direction: m.direction, author: m.author, body: bodyOf(m), ...(m.clientRef ? { clientId: m.clientRef } : {}) }));
}
