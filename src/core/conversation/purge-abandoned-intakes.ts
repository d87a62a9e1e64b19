import type { Clock, Stores } from "../ports.ts";

/**
 * Half-finished intakes nobody touched for `olderThanDays` are dropped: the answers given so far go
 * and the person is back at the menu. Their messages stay (they may still hold a case).
 */
export async function purgeAbandonedIntakes(d: { stores: Pick<Stores, "conversations">; clock: Clock }, o: { olderThanDays: number }): Promise<number> {
  const before = new Date(d.clock.now().getTime() - o.olderThanDays * 86_400_000);
  return d.stores.conversations.resetStaleConversations("intake", before);
}
