import type { CoreDeps } from "../deps.ts";
import type { StaffRecord, StaffRole } from "../ports.ts";
import { normaliseEmail } from "./access.ts";
import { mintLink } from "./staff-links.ts";

/** An invitation link for a role and provinces, optionally bound to one email. Returns the full link (see mintLink for `origin`). */
export async function createInvite(
  d: CoreDeps,
  o: { admin: StaffRecord; role: StaffRole; email: string | null; provinceCodes: number[]; origin?: string },
): Promise<string> {
  const email = o.email ? normaliseEmail(o.email) : null;
  const url = await mintLink(d, { kind: "invite", role: o.role, email, provinceCodes: o.provinceCodes, createdById: o.admin.id }, o.origin);
  await d.stores.audit.record(
    { actorId: o.admin.id, action: "staff.invite", details: { role: o.role, provinceCodes: o.provinceCodes, withEmail: email !== null } },
    d.clock.now(),
  );
  return url;
}
