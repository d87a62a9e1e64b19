// The staff member's own on-duty switch: on duty (and Telegram-linked) → pinged for urgent cases.
import type { CoreDeps } from "../deps.ts";
import type { StaffRecord } from "../ports.ts";

export async function setOnDuty(d: CoreDeps, o: { staff: StaffRecord; onDuty: boolean }): Promise<void> {
  if (o.staff.onDuty === o.onDuty) return;
  await d.stores.staff.updateStaff(o.staff.id, { onDuty: o.onDuty });
  await d.stores.audit.record({ actorId: o.staff.id, action: "staff.on_duty", targetId: o.staff.id, details: { onDuty: o.onDuty } }, d.clock.now());
}
