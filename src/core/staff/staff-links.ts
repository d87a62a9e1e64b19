// Single-use links (the first admin's setup link, invitations, password resets): random tokens,
// stored hashed, expiring, marked used before the account changes, so a link works once.
// Shared by the operations in this folder.
import { z } from "zod";
import { linkTo, type CoreDeps } from "../deps.ts";
import { PASSWORD_MAX_LENGTH } from "./password.ts";
import { hashToken, newToken, TOKEN_PATTERN } from "./tokens.ts";
import { BASE } from "../deps.ts";
import type { StaffRole, StaffTokenKind, StaffTokenRecord } from "../ports.ts";
import { TELEGRAM_CODE_TTL_MS } from "./telegram-code.ts";
import { AppError } from "../../shared/errors/app-error.ts";

export const LINK_TTL_MS: Record<StaffTokenKind, number> = {
  setup: 24 * 3600_000,
  invite: 72 * 3600_000,
  reset: 24 * 3600_000,
  telegram: TELEGRAM_CODE_TTL_MS,
};

export const accountSchema = z.object({
  email: z.string().trim().toLowerCase().email().max(200),
  displayName: z.string().trim().min(1).max(80),
  // Length and strength are checked by requireStrongPassword, which says what is wrong.
  password: z.string().min(1).max(PASSWORD_MAX_LENGTH),
});
export const passwordSchema = z.object({ password: z.string().min(1).max(PASSWORD_MAX_LENGTH) });

/**
 * Stores a new link's hash; returns the link: absolute with the public URL when one is configured,
 * else with `origin` (the address the admin's request came to) when given, else a path.
 */
export async function mintLink(
  d: CoreDeps,
  input: { kind: StaffTokenKind; role?: StaffRole; email?: string | null; provinceCodes?: number[]; staffId?: string; createdById?: string },
  origin?: string,
): Promise<string> {
  const token = newToken();
  const expiresAt = new Date(d.clock.now().getTime() + LINK_TTL_MS[input.kind]);
  await d.stores.staffTokens.createStaffToken({ ...input, tokenHash: hashToken(token), expiresAt });
  return linkTo({ publicUrl: d.publicUrl || origin }, `${BASE}/${input.kind}/${token}`);
}

/** The link's record when usable, else null (unknown, used, expired, or setup after staff exists). */
export async function findLink(d: CoreDeps, o: { kind: StaffTokenKind; token: string }): Promise<StaffTokenRecord | null> {
  if (!TOKEN_PATTERN.test(o.token)) return null;
  const link = await d.stores.staffTokens.findStaffToken(hashToken(o.token), o.kind, d.clock.now());
  if (link && o.kind === "setup" && (await d.stores.staff.countStaff()) > 0) return null;
  return link;
}

/** Marks the link used; throws link_invalid when it is not usable or someone used it first. */
export async function consumeLink(d: CoreDeps, o: { kind: StaffTokenKind; token: string }): Promise<StaffTokenRecord> {
  const link = await findLink(d, o);
  if (!link || !(await d.stores.staffTokens.useStaffToken(link.id, d.clock.now()))) throw new AppError("link_invalid");
  return link;
}
