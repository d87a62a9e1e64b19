// The audit trail: who did what to which case or account. Ids and small facts only, never text.

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
  action: string;
  caseId?: string | null;
  targetId?: string | null;
  details?: Record<string, unknown>;
}

export interface AuditStore {
  record(entry: NewAudit, now: Date): Promise<void>;
  /** Newest first; by case, or every row when no case is given. */
  list(filter: { caseId?: string; limit: number }): Promise<AuditRecord[]>;
}
