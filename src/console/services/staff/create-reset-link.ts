import type { ConsoleDeps } from "../../deps.ts";
import type { StaffRecord } from "../../ports.ts";
import { ConsoleError } from "../console-error.ts";
import { mintLink } from "./staff-links.ts";

/** A password-reset link for an account, made by an admin. Returns the link. */
export async function createResetLink(d: ConsoleDeps, o: { admin: StaffRecord; staffId: string }): Promise<string> {
  const target = await d.store.getStaff(o.staffId);
  if (!target) throw new ConsoleError("not_found");
  const url = await mintLink(d, { kind: "reset", staffId: target.id, createdById: o.admin.id });
  await d.store.audit({ actorId: o.admin.id, action: "staff.reset_link", targetId: target.id }, d.clock.now());
  return url;
}
