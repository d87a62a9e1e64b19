// The audit trail: who did what to which case or account. Ids and small facts only, never text.

/** Every action the trail records; each has a label in locales/<lng>/console.json (`audit.actions.*`, tested). */
export const AUDIT_ACTIONS = [
  "auth.login",
  "auth.login_failed",
  "auth.login_throttled",
  "auth.logout",
  "auth.logout_all",
  "broadcast.cancel",
  "broadcast.create",
  "broadcast.start",
  "case.claim",
  "case.close",
  "case.note",
  "case.release",
  "case.reopen",
  "case.reply",
  "case.transfer",
  "case.view",
  "club.active",
  "club.check_in_asked_to_talk",
  "club.check_in_case_opened",
  "club.code",
  "club.create",
  "club.inactive",
  "club.leaders",
  "club.update",
  "directory.create",
  "directory.deactivate",
  "directory.import",
  "directory.update",
  "meeting.cancel",
  "meeting.change",
  "meeting.create",
  "meeting.held",
  "meeting.not_held",
  "referral.case_opened",
  "referral.offer",
  "referral.status",
  "reply.create",
  "reply.delete",
  "reply.update",
  "report.export",
  "staff.create",
  "staff.invite",
  "staff.on_duty",
  "staff.password_reset",
  "staff.reset_link",
  "staff.telegram_link",
  "staff.telegram_unlink",
  "staff.update",
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export interface AuditRecord {
  id: string;
  at: Date;
  actorId: string | null;
  actorName: string | null;
  action: string;
  caseId: string | null;
  /** The case's handle while the case exists. */
  caseHandle: string | null;
  targetId: string | null;
  /** The target staff member's display name, when the target is a staff account. */
  targetName: string | null;
  details: Record<string, unknown>;
}

export interface NewAudit {
  /** Null for the system (e.g. a case reopened by the person's message). */
  actorId: string | null;
  action: AuditAction;
  caseId?: string | null;
  targetId?: string | null;
  details?: Record<string, unknown>;
}

export interface AuditStore {
  record(entry: NewAudit, now: Date): Promise<void>;
  /** Newest first; by case, or every row when no case is given. */
  list(filter: { caseId?: string; limit: number }): Promise<AuditRecord[]>;
}
