import type { CoreDeps } from "../deps.ts";
import { hashPassword } from "./password.ts";
import { requireStrongPassword } from "./password-strength.ts";
import type { StaffRecord } from "../ports.ts";
import { AppError } from "../../shared/errors/app-error.ts";
import { accountSchema, consumeLink, findLink } from "./staff-links.ts";

/** Creates an account from a setup link (an admin with no provinces) or an invitation (its role and provinces). */
export async function acceptLink(d: CoreDeps, o: { kind: "setup" | "invite"; token: string; form: unknown }): Promise<StaffRecord> {
  const parsed = accountSchema.safeParse(o.form);
  if (!parsed.success) throw new AppError("invalid_input");
  const preview = await findLink(d, o);
  if (!preview) throw new AppError("link_invalid");
  const email = preview.email ?? parsed.data.email;
  await requireStrongPassword(parsed.data.password, [email, parsed.data.displayName]);
  if (await d.stores.staff.findStaffByEmail(email)) throw new AppError("email_taken");
  const link = await consumeLink(d, o);
  const staff = await d.stores.staff.createStaff({
    email,
    displayName: parsed.data.displayName,
    role: o.kind === "setup" ? "admin" : (link.role ?? "counsellor"),
    passwordHash: await hashPassword(parsed.data.password),
    provinceCodes: link.provinceCodes,
  });
  await d.stores.audit.record(
    { actorId: link.createdById, action: "staff.create", targetId: staff.id, details: { via: o.kind, role: staff.role, provinceCodes: staff.provinceCodes } },
    d.clock.now(),
  );
  return staff;
}
