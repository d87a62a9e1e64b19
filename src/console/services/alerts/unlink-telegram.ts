// Forgets the staff member's Telegram chat: no more pings until they link again.
import type { ConsoleDeps } from "../../deps.ts";
import type { StaffRecord } from "../../ports.ts";

export async function unlinkTelegram(d: ConsoleDeps, o: { staff: StaffRecord }): Promise<void> {
  await d.store.unlinkTelegram(o.staff.id);
  await d.store.audit({ actorId: o.staff.id, action: "staff.telegram_unlink", targetId: o.staff.id }, d.clock.now());
}
