// Shared rules for the case operations in this folder: input limits, who may act, the audit helper.
import { z } from "zod";
import { canActOnCase } from "../staff/access.ts";
import type { CoreDeps } from "../deps.ts";
import { CASE_OUTCOMES, type CaseDetail, type StaffRecord } from "../ports.ts";
import { AppError } from "../../shared/errors/app-error.ts";
import type { AuditAction } from "../audit/ports.ts";

export const MAX_REPLY_LENGTH = 4000;
export const textSchema = z.string().trim().min(1).max(MAX_REPLY_LENGTH);
export const outcomeSchema = z.enum(CASE_OUTCOMES);

/** Throws unless this staff member may act on the case (and, by default, the case is open). */
export function requireActor(staff: StaffRecord, kase: CaseDetail, { open = true } = {}): void {
  if (!canActOnCase(staff, kase)) throw new AppError("held_by_other");
  if (open && kase.status !== "open") throw new AppError("closed");
}

/** One audit row for an action on a case: ids and small facts only, never message text. */
export function auditCase(
  d: CoreDeps,
  o: { staff: StaffRecord; kase: CaseDetail; action: Extract<AuditAction, `case.${string}`>; details?: Record<string, unknown>; targetId?: string },
): Promise<void> {
  return d.stores.audit.record({ actorId: o.staff.id, action: o.action, caseId: o.kase.id, targetId: o.targetId ?? null, details: o.details }, d.clock.now());
}

export interface CaseActionInput {
  staff: StaffRecord;
  kase: CaseDetail;
}
