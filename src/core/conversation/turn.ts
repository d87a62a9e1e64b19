// One turn of a conversation: what the person did, and what the bot will say and remember.
import type { Translate } from "../../shared/i18n/index.ts";
import type { ConversationState, Locale, MenuOption, OutboundMessage, PersonRecord } from "../ports.ts";

export class Turn {
  readonly person: PersonRecord;
  state: ConversationState;
  readonly outbox: OutboundMessage[] = [];
  /** Inbound message ids of this turn, to attach to a case when one is created or continued. */
  readonly inboundIds: string[];
  /** Set when the person's data was erased during this turn: nothing more may be stored. */
  erased = false;
  /** True when the person answered by tapping an option of the menu on screen (its menuSeq matched). */
  tapped = false;
  private readonly translate: Translate;

  /** `inboundIds` is empty for a bot-initiated turn. */
  constructor(person: PersonRecord, state: ConversationState, translate: Translate, inboundIds: string[]) {
    this.person = person;
    this.state = state;
    this.translate = translate;
    this.inboundIds = inboundIds;
  }

  get locale(): Locale {
    return this.person.locale;
  }

  t(key: string, vars?: Record<string, unknown>): string {
    return this.translate(this.locale, key, vars);
  }

  say(text: string): void {
    this.outbox.push({ kind: "text", text });
  }

  /** Any prepared message (the crisis reply). */
  post(message: OutboundMessage): void {
    this.outbox.push(message);
  }

  link(text: string, url: string, label: string): void {
    this.outbox.push({ kind: "link", text, url, label });
  }

  /** Offers options; they stay resolvable (by button, number or words) until the next menu. */
  ask(text: string, options: MenuOption[]): void {
    const seq = this.state.menuSeq + 1;
    this.state = { ...this.state, menuSeq: seq, menu: { seq, options } };
    this.outbox.push({ kind: "options", text, options, menuSeq: seq });
  }

  /** Repeats the options currently on screen (after a stale button or an answer we could not read). */
  repeatMenu(text: string): boolean {
    const menu = this.state.menu;
    if (!menu) return false;
    this.outbox.push({ kind: "options", text, options: menu.options, menuSeq: menu.seq });
    return true;
  }

  go(flow: string, step: string, data: Record<string, unknown> = {}): void {
    this.state = { ...this.state, flow, step, data, menu: null };
  }

  /** The current flow's data, typed by the caller; it was parsed with that flow's schema when read. */
  data<T extends Record<string, unknown>>(): Partial<T> {
    return this.state.data as Partial<T>;
  }

  patchData(patch: Record<string, unknown>): void {
    this.state = { ...this.state, data: { ...this.state.data, ...patch } };
  }

  option(id: string, key: string, vars?: Record<string, unknown>): MenuOption {
    return { id, label: this.t(key, vars) };
  }
}

export const IDLE_STATE: ConversationState = { flow: "menu", step: "idle", data: {}, menu: null, menuSeq: 0 };
