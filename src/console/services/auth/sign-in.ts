// Signing in. Throttled per account and address: after 5 failures in 15 minutes the pair is
// refused without checking the password until the window passes. Unknown accounts cost the same time.
// Failed and throttled attempts go into the audit trail (the account aimed at, when it exists; never
// the email typed or the password).
import type { ConsoleDeps } from "../../deps.ts";
import { burnPasswordCheck, verifyPassword } from "../../../core/staff/password.ts";
import { normaliseEmail } from "../../../core/staff/access.ts";
import { startSession } from "./start-session.ts";

export const LOGIN_MAX_FAILURES = 5;
export const LOGIN_WINDOW_MS = 15 * 60_000;

export type SignInResult = { ok: true; token: string; staffId: string } | { ok: false; reason: "invalid" | "throttled" };

export async function signIn(d: ConsoleDeps, input: { email: string; password: string; ip: string }): Promise<SignInResult> {
  const now = d.clock.now();
  const account = normaliseEmail(input.email).slice(0, 200);
  const failures = await d.stores.signIns.countLoginFailures(account, input.ip, new Date(now.getTime() - LOGIN_WINDOW_MS));
  if (failures >= LOGIN_MAX_FAILURES) {
    d.logger.warn({ failures }, "console sign-in throttled");
    const target = await d.stores.staff.findStaffByEmail(account);
    await d.stores.audit.record(
      { actorId: null, action: "auth.login_throttled", targetId: target?.id ?? null, details: { knownAccount: target !== null } },
      now,
    );
    return { ok: false, reason: "throttled" };
  }
  const staff = await d.stores.staff.findStaffByEmail(account);
  const valid = staff && staff.active ? await verifyPassword(input.password, staff.passwordHash) : (await burnPasswordCheck(input.password), false);
  if (!staff || !valid) {
    await d.stores.signIns.recordLoginFailure(account, input.ip, now);
    const reason = !staff ? "unknown_account" : !staff.active ? "disabled" : "wrong_password";
    await d.stores.audit.record({ actorId: null, action: "auth.login_failed", targetId: staff?.id ?? null, details: { reason, failures: failures + 1 } }, now);
    return { ok: false, reason: "invalid" };
  }
  await d.stores.signIns.clearLoginFailures(account, input.ip);
  const token = await startSession(d, { staffId: staff.id });
  await d.stores.audit.record({ actorId: staff.id, action: "auth.login" }, now);
  return { ok: true, token, staffId: staff.id };
}
