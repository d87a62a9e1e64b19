// One turn as one transaction: take the person's lock, read the person, the state (checked against the
// flow's schema) and, for an inbox turn, the next accepted message; let the flows work; then mark the
// message handled, save the state and record every reply as pending — all committed together, or nothing
// is (the message stays in the inbox and is handled again). The store does the reads in one round trip
// after the lock and the writes in one statement (openTurn, closeTurn). Nothing is sent and no other
// query runs inside: replies go out after the commit.
import type { Logger } from "../../shared/logging/logger.ts";
import type { CaseEvents, Clock, ConversationState, OutboundMessage, PersonRecord, TurnStart, UnhandledInbound, UnitOfWork } from "../ports.ts";
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
  /** Inbox turns: the message this turn handled. */
  inbound?: UnhandledInbound;
  /** Inbox turns: another accepted message was waiting when this turn began. */
  more: boolean;
}

/** gone: the person no longer exists; empty: an inbox turn found nothing to handle. */
export type TurnResult = { status: "gone" } | { status: "empty" } | { status: "done"; outcome: TurnOutcome };

export interface RunTurnDeps {
  unitOfWork: UnitOfWork;
  flowDeps: Omit<FlowDeps, "stores" | "caseEvents">;
  translator: Translator;
  clock: Clock;
  logger: Logger;
}

/** `inbound` is set for inbox turns (the event to handle), absent for bot-initiated ones. */
export type TurnWork = (turn: Turn, deps: FlowDeps, firstContact: boolean, inbound?: UnhandledInbound) => Promise<void>;

export interface TurnInput {
  personId: string;
  /** The person's cross-instance lock, held for the transaction. */
  lockName: string;
  /** True: handle the next accepted message (none left: "empty"). False: a bot-initiated turn. */
  inbox: boolean;
  work: TurnWork;
  /** Filled with the inbound message's id as soon as it is read, so a caller can count a failed attempt. */
  attempt?: { inboundId?: string };
}

/** Runs `work` for the person in one transaction. */
export async function runTurn(d: RunTurnDeps, o: TurnInput): Promise<TurnResult> {
  return d.unitOfWork.run(async (stores): Promise<TurnResult> => {
    const start = await stores.conversations.openTurn(o.personId, { lockName: o.lockName, inbox: o.inbox });
    if (!start) return { status: "gone" };
    if (o.inbox && !start.inbound) return { status: "empty" };
    const inbound = start.inbound ?? undefined;
    if (o.attempt && inbound) o.attempt.inboundId = inbound.id;
    const { person } = start;
    const { state, reset, firstContact } = checkState(d, start);
    const turn = new Turn(person, state, d.translator.t, inbound ? [inbound.id] : []);
    const events: TurnOutcome["events"] = [];
    const caseEvents: CaseEvents = { caseUrgent: async (e) => void events.push(e) };
    if (reset) turn.say(turn.t("common:errors.stateReset"));
    await o.work(turn, { ...d.flowDeps, stores, caseEvents }, firstContact, inbound);
    const base = { person: turn.person, state: turn.state, events, inbound, more: start.more };
    if (turn.erased) return { status: "done", outcome: { ...base, replies: turn.outbox.map((message) => ({ message })), erased: true } };
    const now = d.clock.now();
    const leaseUntil = new Date(now.getTime() + SEND_LEASE_MS);
    const recorded = await stores.conversations.closeTurn({
      personId: person.id,
      channel: person.channel,
      ...(inbound ? { inboundId: inbound.id } : {}),
      now,
      state: turn.state,
      replies: turn.outbox.map((body) => ({ body, leaseUntil })),
      last: true,
    });
    const replies = turn.outbox.map((message, i) => ({ ...recorded[i], message }));
    return { status: "done", outcome: { ...base, replies, erased: false } };
  });
}

/** The stored state, or the idle menu when the row no longer parses; firstContact when there is none. */
function checkState(d: RunTurnDeps, start: TurnStart): { state: ConversationState; reset: boolean; firstContact: boolean } {
  const stored = start.conversation;
  if (!stored) return { state: IDLE_STATE, reset: false, firstContact: true };
  const checked = checkStoredState(d.flowDeps.flows, stored);
  if (checked.ok) return { state: checked.state, reset: false, firstContact: false };
  d.logger.warn({ person: start.person.handle, flow: stored.flow, reason: checked.reason }, "stored conversation did not parse; person reset to the menu");
  return { state: { ...IDLE_STATE, menuSeq: stored.menuSeq }, reset: true, firstContact: false };
}
