import type { CoreDeps } from "../deps.ts";
import { hashPassword } from "./password.ts";
import { requireStrongPassword } from "./password-strength.ts";
import { AppError } from "../../shared/errors/app-error.ts";
import { consumeLink, findLink, passwordSchema } from "./staff-links.ts";

/** Sets a new password from a reset link and signs the account out everywhere. */
export async function completeReset(d: CoreDeps, o: { token: string; form: unknown }): Promise<void> {
  const parsed = passwordSchema.safeParse(o.form);
  if (!parsed.success) throw new AppError("invalid_input");
  const preview = await findLink(d, { kind: "reset", token: o.token });
  if (!preview?.staffId) throw new AppError("link_invalid");
  const account = await d.stores.staff.getStaff(preview.staffId);
  await requireStrongPassword(parsed.data.password, account ? [account.email, account.displayName] : []);
  const link = await consumeLink(d, { kind: "reset", token: o.token });
  if (!link.staffId) throw new AppError("link_invalid");
  await d.stores.staff.updateStaff(link.staffId, { passwordHash: await hashPassword(parsed.data.password) });
  await d.stores.sessions.deleteStaffSessions(link.staffId);
  await d.stores.audit.record({ actorId: link.createdById, action: "staff.password_reset", targetId: link.staffId }, d.clock.now());
}
