// Admin changes to an account: role, provinces, active. Disabling signs the account out everywhere.
// An admin cannot demote or disable themselves (so the last admin cannot lock everyone out).
import { z } from "zod";
import type { CoreDeps } from "../deps.ts";
import { STAFF_ROLES, type StaffRecord } from "../ports.ts";
import { AppError } from "../../shared/errors/app-error.ts";

export const staffChangeSchema = z.object({
  role: z.enum(STAFF_ROLES),
  provinceCodes: z.array(z.number().int().positive()).max(40),
  active: z.boolean(),
  displayName: z.string().trim().min(1).max(80),
});

export type StaffChange = z.infer<typeof staffChangeSchema>;

export async function updateStaff(d: CoreDeps, o: { admin: StaffRecord; staffId: string; change: StaffChange }): Promise<void> {
  const { admin, staffId, change: input } = o;
  const target = await d.stores.staff.getStaff(staffId);
  if (!target) throw new AppError("not_found");
  const unknownArea = input.provinceCodes.find((code) => !d.areas.province(code));
  if (unknownArea !== undefined) throw new AppError("invalid_input");
  if (target.id === admin.id && (input.role !== "admin" || !input.active)) throw new AppError("self_change");
  await d.stores.staff.updateStaff(staffId, input);
  if (target.active && !input.active) await d.stores.sessions.deleteStaffSessions(staffId);
  const changes = {
    ...(target.role !== input.role ? { role: [target.role, input.role] } : {}),
    ...(target.active !== input.active ? { active: [target.active, input.active] } : {}),
    ...(target.displayName !== input.displayName ? { displayName: true } : {}),
    ...(target.provinceCodes.join(",") !== [...new Set(input.provinceCodes)].sort((a, b) => a - b).join(",")
      ? { provinceCodes: [target.provinceCodes, input.provinceCodes] }
      : {}),
  };
  await d.stores.audit.record({ actorId: admin.id, action: "staff.update", targetId: staffId, details: changes }, d.clock.now());
}
