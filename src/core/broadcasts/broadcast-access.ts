// Who may broadcast to whom:
//   admin        every audience (a club anywhere, the subscribers of any area, everyone who opted in)
//   supervisor   clubs in their provinces and the subscribers of their provinces
//   club_leader  the clubs they lead, nothing else
//   counsellor   none
// Anything outside the staff member's reach answers not_found (404), like cases elsewhere.
import { AppError } from "../../shared/errors/app-error.ts";
import type { StaffRecord, Stores } from "../ports.ts";
import type { Audience, BroadcastRecord, ClubSummary } from "./ports.ts";

export const canBroadcast = (staff: StaffRecord): boolean => staff.role === "admin" || staff.role === "supervisor" || staff.role === "club_leader";

/** null: everything (admins); otherwise the clubs and provinces the staff member may reach. */
export type BroadcastScope = { clubIds: string[]; provinceCodes: number[] } | null;

export async function broadcastScope(d: { stores: Pick<Stores, "broadcasts"> }, staff: StaffRecord): Promise<BroadcastScope> {
  if (staff.role === "admin") return null;
  if (staff.role === "supervisor") return { clubIds: [], provinceCodes: staff.provinceCodes };
  if (staff.role === "club_leader") return { clubIds: await d.stores.broadcasts.clubsLedBy(staff.id), provinceCodes: [] };
  return { clubIds: [], provinceCodes: [] };
}

/** The club (for a club audience) when the staff member may reach the audience; not_found otherwise. */
export async function checkAudience(d: { stores: Pick<Stores, "broadcasts"> }, staff: StaffRecord, audience: Audience): Promise<ClubSummary | null> {
  if (!canBroadcast(staff)) throw new AppError("not_found", "no broadcast role");
  const scope = await broadcastScope(d, staff);
  if (audience.kind === "club") {
    const club = await d.stores.broadcasts.getClub(audience.clubId);
    if (!club || !inScope(scope, { clubId: club.id, provinceCode: club.provinceCode }))
      throw new AppError("not_found", "club outside the staff member's reach");
    return club;
  }
  if (audience.kind === "area_subscribers" && inScope(scope, { clubId: null, provinceCode: audience.provinceCode }) && staff.role !== "club_leader")
    return null;
  if (audience.kind === "all_opted_in" && scope === null) return null;
  throw new AppError("not_found", "audience outside the staff member's reach");
}

function inScope(scope: BroadcastScope, at: { clubId: string | null; provinceCode: number | null }): boolean {
  if (scope === null) return true;
  if (at.clubId !== null && scope.clubIds.includes(at.clubId)) return true;
  return at.provinceCode !== null && scope.provinceCodes.includes(at.provinceCode);
}

/** A broadcast the staff member may see and act on; not_found otherwise (also for a missing one). */
export async function findVisibleBroadcast(d: { stores: Pick<Stores, "broadcasts"> }, staff: StaffRecord, id: string): Promise<BroadcastRecord> {
  const b = /^[0-9a-f-]{36}$/i.test(id) && canBroadcast(staff) ? await d.stores.broadcasts.get(id) : null;
  if (!b) throw new AppError("not_found", "no such broadcast");
  const scope = await broadcastScope(d, staff);
  const clubId = b.audience.kind === "club" ? b.audience.clubId : null;
  // A leader sees only their clubs' broadcasts, never an area's; a supervisor sees their provinces'.
  if (
    staff.role === "club_leader" ? clubId !== null && inScope(scope, { clubId, provinceCode: null }) : inScope(scope, { clubId, provinceCode: b.provinceCode })
  )
    return b;
  throw new AppError("not_found", "broadcast outside the staff member's reach");
}
