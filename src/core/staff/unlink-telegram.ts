// Forgets the staff member's Telegram chat: no more pings until they link again.
import type { CoreDeps } from "../deps.ts";
import type { StaffRecord } from "../ports.ts";

export async function unlinkTelegram(d: CoreDeps, o: { staff: StaffRecord }): Promise<void> {
  await d.stores.staff.unlinkTelegram(o.staff.id);
  await d.stores.audit.record({ actorId: o.staff.id, action: "staff.telegram_unlink", targetId: o.staff.id }, d.clock.now());
}
