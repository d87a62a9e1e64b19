// What the core needs from the outside world. Adapters (channels, store, jobs) implement these;
// only src/main.ts picks the concrete implementations.

export const CHANNEL_NAMES = ["webchat", "telegram", "zalo"] as const;
export type ChannelName = (typeof CHANNEL_NAMES)[number];

export const LOCALES = ["vi", "en"] as const;
export type Locale = (typeof LOCALES)[number];

// ─── Channel port ──────────────────────────────────────────────────────────

/** One choice in a menu. `id` is stable within the menu; `label` is already translated. */
export interface MenuOption {
  id: string;
  label: string;
}

/**
 * What the core says. Channels with buttons render `options` as buttons carrying `menuSeq` and the
 * option id (see encodeChoice); channels without render them as numbered text (renderOptionsAsText),
 * or as the text alone when `buttonsOnly` (a shortcut whose text already says the word to type, where a
 * number would be read by whatever menu the person is in: the tip's "stop tips").
 */
export type OutboundMessage =
  | { kind: "text"; text: string }
  | { kind: "options"; text: string; options: MenuOption[]; menuSeq: number; buttonsOnly?: boolean }
  | { kind: "link"; text: string; url: string; label: string }
  /**
   * The crisis reply (crisis-reply.ts): `text` is the whole reply as plain text, for channels that show
   * text only; the parts let a rich channel (the web chat) show it apart, with tappable numbers.
   */
  | { kind: "crisis"; danger: string; text: string; title: string; numbers: Array<{ number: string; label: string }>; steps: string[]; closing: string };

/** What a person did, already mapped from the channel's payload. */
export type InboundEvent =
  | { kind: "text"; text: string }
  | { kind: "choice"; optionId: string; menuSeq: number }
  | { kind: "start"; payload?: string }
  | { kind: "unsupported"; media: string };

export interface InboundEnvelope {
  channel: ChannelName;
  /** The messenger's chat id (or web session id). Secret: never log it. */
  externalId: string;
  /** The channel's id for this delivery; a repeat with the same id is ignored (dedupe). */
  channelMessageId?: string;
  /** A language the channel suggests (Telegram language_code); used only for a new person. */
  localeHint?: string;
  event: InboundEvent;
}

export interface HandleResult {
  /** True when this delivery was seen before and nothing was done. */
  duplicate: boolean;
}

/**
 * How one send went, decided by one function per channel:
 * - "sent": the channel accepted it;
 * - "retryable": a passing failure (network, 5xx, rate limit): sending again later may work;
 * - "permanent": sending this message again cannot work (bad request, too long…): never retried;
 * - "unreachable": the person blocked the bot or the chat is gone: the person is marked unreachable.
 */
export type SendStatus = "sent" | "retryable" | "permanent" | "unreachable";

export interface SendResult {
  status: SendStatus;
  /** The id the channel gave the (last part of the) sent message, when it gives one. */
  channelMessageId?: string;
  /** Retryable only: the messenger asked us to wait this long (Telegram 429 retry_after): the sender pauses the channel. */
  retryAfterMs?: number;
  /** Retryable only: the request may have reached the messenger (a timeout, a dropped connection): bulk is then not repeated. */
  maybeDelivered?: boolean;
}

export interface Channel {
  readonly name: ChannelName;
  /** True when options render as tappable buttons; false → numbered text. */
  readonly supportsButtons: boolean;
  /** Delivers one message. Must not throw for per-recipient failures: return a failure status instead. */
  send(externalId: string, message: OutboundMessage, locale: Locale, meta?: SendMeta): Promise<SendResult>;
}

/** Extra facts about an outbound message; most channels ignore them. */
export interface SendMeta {
  /** Position in the person's message log; absent when the message is not stored (after erasure). */
  seq?: number;
  /** True for the last message after the person erased their data. */
  erased?: boolean;
  /** Who speaks (absent: the bot); the web chat labels counsellor messages as such. */
  author?: "bot" | "counsellor";
}

/** What channel adapters call into: the conversation core. */
export interface InboundSink {
  handleInbound(envelope: InboundEnvelope): Promise<HandleResult>;
  /** A person blocked (false) or unblocked (true) the bot. Unknown people are ignored. */
  setReachable(channel: ChannelName, externalId: string, reachable: boolean): Promise<void>;
}

/**
 * Handles a `start` payload before the conversation sees it (e.g. "staff_<code>": a staff member
 * linking their Telegram). When it answers, no person is created and nothing is recorded.
 */
export interface StartPayloadHandler {
  /** Payloads beginning with this prefix are offered to the handler, e.g. "staff_". */
  readonly prefix: string;
  /** The reply to send, or null to let the conversation handle the start as usual. */
  handle(input: {
    channel: ChannelName;
    externalId: string;
    payload: string;
    localeHint?: string;
  }): Promise<{ message: OutboundMessage; locale: Locale } | null>;
}

// ─── Case events port ──────────────────────────────────────────────────────

/** What the core announces about cases (staff pings). Absent → nothing is announced. */
export interface CaseEvents {
  /**
   * A case was created at, or raised to, crisis (0) or high (1) priority. Called after the store
   * write, never inside a transaction. Must not throw: implementations log their own failures.
   */
  caseUrgent(event: { caseId: string; priority: number }): Promise<void>;
}

// ─── Clock port ────────────────────────────────────────────────────────────

export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

// ─── Locks port ────────────────────────────────────────────────────────────

export interface HeldLock {
  release(): Promise<void>;
  /**
   * Aborts when the lock is gone without release(): on PostgreSQL it lives in a database session, and a
   * dropped session drops it (another instance may take it at once). The holder must stop the guarded
   * work now and acquire again; release() is still safe to call.
   */
  readonly lost: AbortSignal;
}

/**
 * Cluster-wide named locks (PostgreSQL advisory locks; trivially local on the embedded database,
 * which only one process can open). Used so only one instance long-polls a bot token.
 */
export interface LockService {
  /**
   * Waits until the lock is held (or the signal aborts, which rejects). For long-held locks. Database
   * outages are waited out (reconnecting with back-off), never thrown.
   */
  acquire(name: string, signal?: AbortSignal): Promise<HeldLock>;
  /**
   * Runs `work` while holding a short-lived lock (one person's turn): on PostgreSQL every instance
   * waits for it; on the embedded database the caller's in-process serialisation is already enough.
   * The name may be secret: implementations send only a hash of it to the database.
   * Rejects with AppError "unavailable" (retryable) when the database cannot be reached, or when the
   * lock's session dropped while `work` was running and `work` failed.
   */
  withLock<T>(name: string, work: () => Promise<T>): Promise<T>;
}

// ─── Store ports ───────────────────────────────────────────────────────────
// Plain records: Prisma types stop in src/store. Bodies and ids are plaintext here; the store
// encrypts them at rest. Each domain declares its own small port beside its rules; the store
// implements them all and never decides anything (no rule, no audit row as a side effect).

export * from "./people/ports.ts";
export * from "./conversation/ports.ts";
export * from "./messages/ports.ts";
export * from "./cases/ports.ts";
export * from "./staff/ports.ts";
export * from "./audit/ports.ts";
export * from "./referral/ports.ts";
export * from "./outbox/ports.ts";
export * from "./clubs/ports.ts";
export * from "./clubs/attendance-ports.ts";
export * from "./reports/ports.ts";
export * from "./retention/ports.ts";

import type { PersonStore, WebReturnStore } from "./people/ports.ts";
import type { ConversationStore } from "./conversation/ports.ts";
import type { MessageStore } from "./messages/ports.ts";
import type { CaseNoteStore, CaseStore, ReadyAnswerStore } from "./cases/ports.ts";
import type { SessionStore, SignInThrottleStore, StaffAlertStore, StaffStore, StaffTokenStore } from "./staff/ports.ts";
import type { AuditStore } from "./audit/ports.ts";
import type { DirectoryStore, ReferralStore } from "./referral/ports.ts";
import type { ClubStore } from "./clubs/ports.ts";
import type { AttendanceStore } from "./clubs/attendance-ports.ts";
import type { BroadcastStore, TipStore } from "./broadcasts/ports.ts";
import type { FactStore } from "./reports/ports.ts";
import type { RetentionStore } from "./retention/ports.ts";

/** The stores a conversation turn writes, bound to one database transaction. */
export type TurnStores = Pick<
  Stores,
  "people" | "conversations" | "messages" | "cases" | "audit" | "directory" | "referrals" | "clubs" | "attendance" | "tips" | "facts"
>;

export interface UnitOfWork {
  /**
   * Runs `work` in one database transaction: every write through `stores` commits together or none
   * does. Inside, use only `stores` (the embedded database runs one query at a time: any other query
   * awaited inside would wait forever) and send nothing; do both after it returns.
   */
  run<T>(work: (stores: TurnStores) => Promise<T>): Promise<T>;
}

/** Every store port, one per domain. Operations take only the ones they use (`Pick<Stores, …>`). */
export interface Stores {
  unitOfWork: UnitOfWork;
  people: PersonStore;
  conversations: ConversationStore;
  messages: MessageStore;
  cases: CaseStore;
  notes: CaseNoteStore;
  readyAnswers: ReadyAnswerStore;
  staff: StaffStore;
  sessions: SessionStore;
  staffTokens: StaffTokenStore;
  signIns: SignInThrottleStore;
  staffAlerts: StaffAlertStore;
  audit: AuditStore;
  webReturns: WebReturnStore;
  directory: DirectoryStore;
  referrals: ReferralStore;
  clubs: ClubStore;
  attendance: AttendanceStore;
  broadcasts: BroadcastStore;
  tips: TipStore;
  facts: FactStore;
  retention: RetentionStore;
}
