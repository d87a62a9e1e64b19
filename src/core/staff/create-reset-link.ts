import type { CoreDeps } from "../deps.ts";
import type { StaffRecord } from "../ports.ts";
import { AppError } from "../../shared/errors/app-error.ts";
import { mintLink } from "./staff-links.ts";

/** A password-reset link for an account, made by an admin. Returns the full link (see mintLink for `origin`). */
export async function createResetLink(d: CoreDeps, o: { admin: StaffRecord; staffId: string; origin?: string }): Promise<string> {
  const target = await d.stores.staff.getStaff(o.staffId);
  if (!target) throw new AppError("not_found");
  const url = await mintLink(d, { kind: "reset", staffId: target.id, createdById: o.admin.id }, o.origin);
  await d.stores.audit.record({ actorId: o.admin.id, action: "staff.reset_link", targetId: target.id }, d.clock.now());
  return url;
}
