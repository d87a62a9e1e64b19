import type { ConsoleDeps } from "../../deps.ts";

/** Ends this session, or every session of the account ("sign out everywhere"). */
export async function signOut(d: ConsoleDeps, o: { staffId: string; sessionHash: string; everywhere: boolean }): Promise<void> {
  if (o.everywhere) await d.stores.sessions.deleteStaffSessions(o.staffId);
  else await d.stores.sessions.deleteSession(o.sessionHash);
  await d.stores.audit.record({ actorId: o.staffId, action: o.everywhere ? "auth.logout_all" : "auth.logout" }, d.clock.now());
}
