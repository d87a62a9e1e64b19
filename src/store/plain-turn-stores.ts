// The turn stores on a plain SQL transaction (raw-sql.ts): only what a common turn uses — openTurn,
// closeTurn, updatePerson, clubs.newestNotice (the RSVP-by-digit check on every typed "1"–"3", answered
// from the turn's opening read), and the case look-ups when they find nothing.
// Any other method rejects with NeedsPrisma, and the unit of work runs the turn again in Prisma's
// transaction (index.ts), so a flow never sees the difference.
import type { Sealer } from "../shared/crypto/sealer.ts";
import type { TurnStores } from "../core/ports.ts";
import { updatePersonWith } from "./people-store.ts";
import { utc, type TransactionQuery } from "./raw-sql.ts";
import { createTurnStore, type TurnStoreOptions } from "./turn-store.ts";

class NeedsPrisma extends Error {
  override readonly name = "NeedsPrisma";
}

/** True for the fallback signal, also when something wrapped it (as a cause). */
export function isNeedsPrisma(error: unknown): boolean {
  for (let e = error, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++) if (e instanceof NeedsPrisma) return true;
  return false;
}

/** `methods`, and for any other method of the port a function that rejects with NeedsPrisma. */
function only<T extends object>(domain: string, methods: Partial<T>): T {
  return new Proxy(methods, {
    get(target, key) {
      if (key in target) return target[key as keyof typeof target];
      if (typeof key !== "string" || key === "then") return undefined;
      return () => Promise.reject(new NeedsPrisma(`${domain}.${key} is not on the plain path`));
    },
  }) as T;
}

// The person's cases in brief: whether one is open, and when the last one closed.
const CASES_SQL = `
  SELECT coalesce(bool_or(status = 'open'), false) AS open, (max("closedAt") FILTER (WHERE status = 'closed'))::text AS "closedAt"
  FROM "Case" WHERE "personId" = $1::uuid`;

/**
 * The case look-ups every intake's end and many menu turns make (`findOrReopenCase`), answered here
 * only when they find nothing, which is exact: a person with no open case gets null, as from Prisma,
 * and one whose last case closed before `closedSince` too. A case found needs the case's record and
 * usually more case work: NeedsPrisma, and the turn runs in Prisma's transaction as before. One
 * statement answers both look-ups.
 */
function caseLookups(query: TransactionQuery): Pick<TurnStores["cases"], "findOpenCase" | "findRecentlyClosedCase"> {
  const seen = new Map<string, { open: boolean; closedAt: string | null }>();
  const brief = async (personId: string) => {
    let row = seen.get(personId);
    if (!row) seen.set(personId, (row = (await query<{ open: boolean; closedAt: string | null }>(CASES_SQL, [personId]))[0]!));
    return row;
  };
  return {
    async findOpenCase(personId) {
      if ((await brief(personId)).open) throw new NeedsPrisma("cases.findOpenCase found a case");
      return null;
    },
    async findRecentlyClosedCase(personId, closedSince) {
      const { closedAt } = await brief(personId);
      if (closedAt !== null && utc(closedAt).getTime() >= closedSince.getTime()) throw new NeedsPrisma("cases.findRecentlyClosedCase found a case");
      return null;
    },
  };
}

export function plainTurnStores(query: TransactionQuery, sealer: Sealer, options: TurnStoreOptions): TurnStores {
  const { newestNotice, ...turn } = createTurnStore(query, sealer, options);
  return {
    people: only<TurnStores["people"]>("people", { updatePerson: updatePersonWith(query) }),
    conversations: only<TurnStores["conversations"]>("conversations", turn),
    messages: only<TurnStores["messages"]>("messages", {}),
    cases: only<TurnStores["cases"]>("cases", caseLookups(query)),
    audit: only<TurnStores["audit"]>("audit", {}),
    directory: only<TurnStores["directory"]>("directory", {}),
    referrals: only<TurnStores["referrals"]>("referrals", {}),
    clubs: only<TurnStores["clubs"]>("clubs", { newestNotice }),
    attendance: only<TurnStores["attendance"]>("attendance", {}),
    tips: only<TurnStores["tips"]>("tips", {}),
    facts: only<TurnStores["facts"]>("facts", {}),
  };
}
