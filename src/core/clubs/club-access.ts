// Who may see and manage which club. Admins: every club; supervisors: clubs in their provinces;
// club leaders: only the clubs they lead (and never a case: see staff/access.ts). Counsellors: none.
import type { StaffRecord } from "../ports.ts";
import type { ClubRecord } from "./ports.ts";

/** May create clubs and assign their leaders. */
export const canManageClubs = (staff: StaffRecord): boolean => staff.role === "admin" || staff.role === "supervisor";

/** May open the clubs pages at all. */
export const canUseClubs = (staff: StaffRecord): boolean => canManageClubs(staff) || staff.role === "club_leader";

/** Which clubs a list shows: null provinces = all; `clubIds` for a leader. */
export function clubListScope(staff: StaffRecord, ledClubIds: string[]): { provinceCodes: number[] | null; clubIds?: string[] } {
  if (staff.role === "admin") return { provinceCodes: null };
  if (staff.role === "supervisor") return { provinceCodes: staff.provinceCodes };
  return { provinceCodes: null, clubIds: staff.role === "club_leader" ? ledClubIds : [] };
}

/** May see the club, its members and meetings, and create meetings for it. */
export function canRunClub(staff: StaffRecord, club: Pick<ClubRecord, "id" | "provinceCode">, ledClubIds: string[]): boolean {
  if (staff.role === "admin") return true;
  if (staff.role === "supervisor") return staff.provinceCodes.includes(club.provinceCode);
  return staff.role === "club_leader" && ledClubIds.includes(club.id);
}
