import type { ConsoleDeps } from "../../deps.ts";
import { hashPassword } from "../../auth/password.ts";
import { ConsoleError } from "../console-error.ts";
import { consumeLink, passwordSchema } from "./staff-links.ts";

/** Sets a new password from a reset link and signs the account out everywhere. */
export async function completeReset(d: ConsoleDeps, o: { token: string; form: unknown }): Promise<void> {
  const parsed = passwordSchema.safeParse(o.form);
  if (!parsed.success) throw new ConsoleError("invalid_input");
  const link = await consumeLink(d, { kind: "reset", token: o.token });
  if (!link.staffId) throw new ConsoleError("link_invalid");
  await d.store.updateStaff(link.staffId, { passwordHash: await hashPassword(parsed.data.password) });
  await d.store.deleteStaffSessions(link.staffId);
  await d.store.audit({ actorId: link.createdById, action: "staff.password_reset", targetId: link.staffId }, d.clock.now());
}
