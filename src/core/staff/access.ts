// Who may see and do what. One place, so the rules can be read (and changed) together.
//   admin       every case; manages staff and ready answers; reads audit trails
//   supervisor  cases in their provinces; may act on any case they see; reads audit trails
//   counsellor  cases in their provinces plus cases with no province; acts on unclaimed or own cases
//   club_leader no cases (clubs feature, later)
import type { CaseScope, CaseDetail, StaffRecord, StaffRole } from "../ports.ts";

export const CASE_ROLES: readonly StaffRole[] = ["admin", "supervisor", "counsellor"];

export function caseScope(staff: StaffRecord): CaseScope {
  switch (staff.role) {
    case "admin":
      return { kind: "all" };
    case "supervisor":
      return { kind: "areas", provinceCodes: staff.provinceCodes, includeNoArea: false };
    case "counsellor":
      return { kind: "areas", provinceCodes: staff.provinceCodes, includeNoArea: true };
    default:
      return { kind: "none" };
  }
}

export function canSeeCase(staff: StaffRecord, c: Pick<CaseDetail, "provinceCode">): boolean {
  const scope = caseScope(staff);
  if (scope.kind === "all") return true;
  if (scope.kind === "none") return false;
  return c.provinceCode === null ? scope.includeNoArea : scope.provinceCodes.includes(c.provinceCode);
}

export const isLead = (staff: StaffRecord): boolean => staff.role === "admin" || staff.role === "supervisor";
export const canManageStaff = (staff: StaffRecord): boolean => staff.role === "admin";
export const canReadAudit = isLead;

/** Reply, note, close, release, transfer: the holder, anyone while unclaimed, and leads always. */
export function canActOnCase(staff: StaffRecord, c: Pick<CaseDetail, "assignee">): boolean {
  return isLead(staff) || c.assignee === null || c.assignee.id === staff.id;
}

/** Emails are compared trimmed and lower-cased everywhere (sign-in, invitations). */
export const normaliseEmail = (email: string): string => email.trim().toLowerCase();
