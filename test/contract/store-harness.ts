// Shared setup for the store contract suites (test/contract/store-*.contract.test.ts).
// Each file calls useStores() once: one fresh database per file, PGlite in memory by default, or a
// fresh PostgreSQL database created next to TEST_DATABASE_URL and dropped after the file.
// Time is always a fixed Date built from T0; nothing here reads the wall clock for `now` values.
import { randomBytes, randomUUID } from "node:crypto";
import { afterAll, beforeAll } from "vitest";
import type { CaseRecord, ChannelName, Locale, NewCase, PersonRecord, StaffRecord, StaffRole } from "../../src/core/ports.ts";
import { createSealer, type Sealer } from "../../src/shared/crypto/sealer.ts";
import { createStores, openDatabase, type Database } from "../../src/store/index.ts";
import { createTestDatabase, onPostgres } from "../helpers/start-app.ts";

export const backend = onPostgres() ? "PostgreSQL" : "PGlite";

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;
/** The suites' fixed "now". */
export const T0 = new Date("2025-03-01T08:00:00.000Z");
/** T0 shifted by `ms` (negative: earlier). */
export const at = (ms: number): Date => new Date(T0.getTime() + ms);

/** The stores as the app gets them, with its send budget. */
type AppStores = ReturnType<typeof createStores>;

export interface StoreHarness {
  db: Database;
  stores: AppStores;
  sealer: Sealer;
  /** Stores over the same database whose sealer has other keys: what a retired key looks like. */
  storesWithOtherKeys(): AppStores;
  /** A new person with a unique messenger id. */
  person(over?: { channel?: ChannelName; locale?: Locale }): Promise<PersonRecord>;
  /** A new open case for the person (defaults: normal priority, province 1). */
  openCase(personId: string, over?: Partial<NewCase>): Promise<CaseRecord>;
  /** A new active staff account with a unique e-mail. */
  staffMember(over?: { displayName?: string; role?: StaffRole; provinceCodes?: number[] }): Promise<StaffRecord>;
  /** Every row of a table matching `where` (SQL on the raw columns), as JSON: for at-rest checks. */
  rawRows(table: string, where: string, ...params: unknown[]): Promise<string>;
}

/**
 * Opening PGlite (Wasm start, initdb, migrations) takes about 3 s alone but over 30 s when the shared
 * 2-core machine is busy; two files open at once, so the default 60 s hook timeout was hit.
 */
const OPEN_TIMEOUT_MS = 180_000;

const newSealer = () => createSealer({ currentId: "k1", keys: new Map([["k1", randomBytes(32)]]) }, randomBytes(32));

/** Opens the file's database before its tests and closes (and drops) it after them. */
export function useStores(): StoreHarness {
  let drop: (() => Promise<void>) | undefined;
  const h = {
    sealer: newSealer(),
    storesWithOtherKeys: () => createStores(h.db.prisma, newSealer(), { crossInstanceLocks: h.db.kind === "postgres", sql: h.db.sql }),
    async person(over = {}) {
      const channel = over.channel ?? "webchat";
      const made = await h.stores.people.findOrCreatePerson({ channel, externalId: `ext-${randomUUID()}`, locale: over.locale ?? "vi" });
      return made.person;
    },
    openCase(personId, over = {}) {
      const base: NewCase = {
        personId,
        subject: "child",
        concern: "drug_use",
        urgency: "week",
        provinceCode: 1,
        wardCode: null,
        priority: 2,
        dangerFlags: [],
        locale: "vi",
        channel: "webchat",
      };
      return h.stores.cases.createCase({ ...base, ...over });
    },
    staffMember(over = {}) {
      return h.stores.staff.createStaff({
        email: `staff-${randomUUID()}@example.org`,
        displayName: over.displayName ?? "Counsellor",
        role: over.role ?? "counsellor",
        passwordHash: "scrypt$test",
        provinceCodes: over.provinceCodes ?? [1],
      });
    },
    async rawRows(table, where, ...params) {
      const rows = await h.db.prisma.$queryRawUnsafe<unknown[]>(`SELECT * FROM "${table}" WHERE ${where}`, ...params);
      return JSON.stringify(rows, (_k, v: unknown) => (typeof v === "bigint" ? v.toString() : v));
    },
  } as StoreHarness;

  beforeAll(async () => {
    if (onPostgres()) {
      const created = await createTestDatabase();
      drop = created.drop;
      h.db = await openDatabase({ kind: "postgres", url: created.url });
    } else {
      h.db = await openDatabase({ kind: "pglite" });
    }
    h.stores = createStores(h.db.prisma, h.sealer, { crossInstanceLocks: h.db.kind === "postgres", sql: h.db.sql });
  }, OPEN_TIMEOUT_MS);
  afterAll(async () => {
    await h.db?.close();
    await drop?.();
  });
  return h;
}
