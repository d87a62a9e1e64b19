import type { ConsoleDeps } from "../../deps.ts";

/** Ends this session, or every session of the account ("sign out everywhere"). */
export async function signOut(d: ConsoleDeps, o: { staffId: string; sessionHash: string; everywhere: boolean }): Promise<void> {
  if (o.everywhere) await d.store.deleteStaffSessions(o.staffId);
  else await d.store.deleteSession(o.sessionHash);
  await d.store.audit({ actorId: o.staffId, action: o.everywhere ? "auth.logout_all" : "auth.logout" }, d.clock.now());
}
