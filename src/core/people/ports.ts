// People: the pseudonymous record behind every conversation. Messenger ids are sealed at rest.
import type { ChannelName, Locale } from "../ports.ts";

export interface PersonRecord {
  id: string;
  channel: ChannelName;
  handle: string;
  locale: Locale;
  reachable: boolean;
  createdAt: Date;
  /** Last inbound message (or web chat page visit): the web chat's idle expiry is measured from it. */
  lastSeenAt: Date;
}

/** Where to send to a person; `externalId` is the unsealed messenger id. Secret: never log it. */
export interface PersonAddress {
  channel: ChannelName;
  externalId: string;
  locale: Locale;
  reachable: boolean;
}

export interface PersonStore {
  findOrCreatePerson(input: { channel: ChannelName; externalId: string; locale: Locale }): Promise<{ person: PersonRecord; created: boolean }>;
  findPerson(channel: ChannelName, externalId: string): Promise<PersonRecord | null>;
  getPerson(personId: string): Promise<PersonRecord | null>;
  /** The messenger id, decrypted, for sending. Null when the person is gone. */
  getAddress(personId: string): Promise<PersonAddress | null>;
  updatePerson(personId: string, patch: { locale?: Locale; reachable?: boolean; lastSeenAt?: Date }): Promise<void>;
  /**
   * Moves the person to another messenger id of the same channel (the web chat's session id): the old id no
   * longer finds them. Used to end a web chat session on the server and to reattach a returning person.
   */
  rebindPerson(personId: string, externalId: string): Promise<void>;
  /** Removes the person with their conversation, messages and cases. */
  deletePersonData(personId: string): Promise<void>;
}

/** A web chat person's way back (a short code, shown once); only a keyed hash of the code is stored. */
export interface WebReturnStore {
  /** Replaces the person's code (failures reset). */
  saveReturnCode(personId: string, code: string, now: Date): Promise<void>;
  /**
   * Checks a guess: "ok" (the code is then used up), "wrong" (counted; locked for `lockMs` after `maxFailures`
   * in a row), "locked" (not even compared) or "none".
   */
  checkReturnCode(personId: string, code: string, now: Date, limits: { maxFailures: number; lockMs: number }): Promise<"ok" | "wrong" | "locked" | "none">;
}
