// One turn as one transaction: read the state (checked against the flow's schema), let the flows
// work, mark the inbound message handled, save the state and record every reply as pending — all
// committed together, or nothing is (the inbound message stays in the inbox and is handled again).
// Nothing is sent and no other query runs inside: replies go out after the commit (deliverTurn).
import type { Logger } from "../../shared/logging/logger.ts";
import type { CaseEvents, Clock, ConversationState, OutboundMessage, PersonRecord, TurnStores, UnhandledInbound, UnitOfWork } from "../ports.ts";
import type { FlowDeps } from "./flow.ts";
import { checkStoredState } from "./registry.ts";
import { IDLE_STATE, Turn } from "./turn.ts";
import type { Translator } from "../../shared/i18n/index.ts";

/** How long a recorded reply may stay unsettled before it is sent again (the sender died mid-send). */
export const SEND_LEASE_MS = 2 * 60_000;

export interface TurnOutcome {
  person: PersonRecord;
  /** Replies recorded in the turn (ids for settling), or, after an erasure, sent unrecorded. */
  replies: Array<{ id?: string; seq?: number; message: OutboundMessage }>;
  erased: boolean;
  state: ConversationState;
  /** Urgent-case announcements made during the turn, to send after the commit. */
  events: Array<{ caseId: string; priority: number }>;
}

export interface RunTurnDeps {
  unitOfWork: UnitOfWork;
  flowDeps: Omit<FlowDeps, "stores" | "caseEvents">;
  translator: Translator;
  clock: Clock;
  logger: Logger;
}

export type TurnWork = (turn: Turn, deps: FlowDeps, firstContact: boolean) => Promise<void>;

/** Runs `work` for the person in one transaction; null when the person no longer exists. */
export async function runTurn(d: RunTurnDeps, o: { personId: string; inbound?: UnhandledInbound; work: TurnWork }): Promise<TurnOutcome | null> {
  return d.unitOfWork.run(async (stores) => {
    const person = await stores.people.getPerson(o.personId);
    if (!person) return null;
    const { state, reset, firstContact } = await readState(d, stores, person);
    const turn = new Turn(person, state, d.translator.t, o.inbound ? [o.inbound.id] : []);
    const events: TurnOutcome["events"] = [];
    const caseEvents: CaseEvents = { caseUrgent: async (e) => void events.push(e) };
    if (reset) turn.say(turn.t("common:errors.stateReset"));
    if (o.inbound) await stores.people.updatePerson(person.id, { lastSeenAt: d.clock.now(), ...(person.reachable ? {} : { reachable: true }) });
    await o.work(turn, { ...d.flowDeps, stores, caseEvents }, firstContact);
    if (turn.erased) return { person: turn.person, replies: turn.outbox.map((message) => ({ message })), erased: true, state: turn.state, events };
    if (o.inbound) await stores.messages.markHandled(o.inbound.id, d.clock.now());
    await stores.conversations.saveConversation(person.id, turn.state);
    const leaseUntil = new Date(d.clock.now().getTime() + SEND_LEASE_MS);
    const replies: TurnOutcome["replies"] = [];
    for (const message of turn.outbox) {
      const recorded = await stores.messages.recordOutbound({ personId: person.id, channel: person.channel, author: "bot", body: message, leaseUntil });
      replies.push({ ...recorded, message });
    }
    return { person: turn.person, replies, erased: false, state: turn.state, events };
  });
}

/** The stored state, or the idle menu when the row no longer parses; firstContact when there is none. */
async function readState(
  d: RunTurnDeps,
  stores: TurnStores,
  person: PersonRecord,
): Promise<{ state: ConversationState; reset: boolean; firstContact: boolean }> {
  const stored = await stores.conversations.getConversation(person.id);
  if (!stored) return { state: IDLE_STATE, reset: false, firstContact: true };
  const checked = checkStoredState(d.flowDeps.flows, stored);
  if (checked.ok) return { state: checked.state, reset: false, firstContact: false };
  d.logger.warn({ person: person.handle, flow: stored.flow, reason: checked.reason }, "stored conversation did not parse; person reset to the menu");
  return { state: { ...IDLE_STATE, menuSeq: stored.menuSeq }, reset: true, firstContact: false };
}
