import type { CoreDeps } from "../deps.ts";
import { LINK_TTL_MS, mintLink } from "./staff-links.ts";

/**
 * On start with no staff at all: mints a setup link and logs it (the only way in on a new install).
 * Only the newest setup link works: the links logged by earlier starts stop working.
 * `fallbackOrigin` (e.g. the listening address) is used when no public URL is configured.
 */
export async function announceSetupLink(d: CoreDeps, o: { fallbackOrigin?: string } = {}): Promise<string | null> {
  if ((await d.stores.staff.countStaff()) > 0) return null;
  const revoked = await d.stores.staffTokens.revokeLiveTokens("setup", d.clock.now());
  if (revoked > 0) d.logger.info({ revoked }, "earlier setup links no longer work");
  const path = await mintLink(d, { kind: "setup" });
  const url = d.publicUrl || !o.fallbackOrigin ? path : `${o.fallbackOrigin.replace(/\/+$/, "")}${path}`;
  d.logger.warn({ setupUrl: url, validHours: LINK_TTL_MS.setup / 3600_000 }, "no console staff yet: open this one-time link to create the first admin");
  return url;
}
