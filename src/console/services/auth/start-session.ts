import type { ConsoleDeps } from "../../deps.ts";
import { SESSION_MAX_MS } from "../../auth/session.ts";
import { hashToken, newToken } from "../../../core/staff/tokens.ts";

/** Creates a server-side session; returns the cookie token (only its hash is stored). */
export async function startSession(d: ConsoleDeps, o: { staffId: string }): Promise<string> {
  const now = d.clock.now();
  const token = newToken();
  await d.stores.sessions.createSession({ tokenHash: hashToken(token), staffId: o.staffId, now, expiresAt: new Date(now.getTime() + SESSION_MAX_MS) });
  return token;
}
