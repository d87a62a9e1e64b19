// People: the pseudonymous record behind every conversation. Messenger ids are sealed at rest.
import type { ChannelName, Locale } from "../ports.ts";

export interface PersonRecord {
  id: string;
  channel: ChannelName;
  handle: string;
  locale: Locale;
  reachable: boolean;
  createdAt: Date;
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
  /** Removes the person with their conversation, messages and cases. */
  deletePersonData(personId: string): Promise<void>;
}
