// The counsellor console: staff accounts and sessions, the case queue, the case page with relayed
// replies, notes, ready answers and the audit trail. Server-rendered (hono/jsx), mounted at /console.
//
//   const console = createConsole({ store: createConsoleStore(db.prisma, sealer), engine, core: store, ... });
//   web.route("/console", console.routes);
//   await console.onFirstStart(); // logs the one-time setup link while there is no staff
import { Hono } from "hono";
import { loadAdminUnits, type AdminUnits } from "../core/areas/admin-units.ts";
import { csrfMiddleware, requireStaff, sessionMiddleware } from "./auth/session.ts";
import type { ConsoleEnv } from "./context.ts";
import type { ConsoleDeps } from "./deps.ts";
import { createAdminRoutes } from "./routes/admin-routes.tsx";
import { createAttendanceRoutes } from "./routes/attendance-routes.tsx";
import { createAuthRoutes } from "./routes/auth-routes.tsx";
import { createCaseRoutes } from "./routes/case-routes.tsx";
import { createDirectoryRoutes } from "./routes/directory-routes.tsx";
import { createReferralRoutes } from "./routes/referral-routes.tsx";
import { createClubRoutes } from "./routes/club-routes.tsx";
import { confineClubLeaders } from "./auth/club-leaders.ts";
import { createBroadcastRoutes } from "./routes/broadcast-routes.tsx";
import { createReportRoutes } from "./routes/report-routes.tsx";
import { loadTemplates } from "../core/reports/load-templates.ts";
import type { ReportTemplate } from "../core/reports/template-schema.ts";
import { csrfRejected, errorPage, notFoundPage } from "./routes/error-pages.tsx";
import { createLiveRoutes } from "./routes/live-routes.ts";
import { createMeRoutes } from "./routes/me-routes.tsx";
import { createQueueRoutes } from "./routes/queue-routes.tsx";
import { announceSetupLink } from "../core/staff/announce-setup-link.ts";
import { seedReadyAnswers } from "../core/cases/seed-ready-answers.ts";

export type { StaffMessenger } from "../core/ports.ts";

export interface ConsoleOptions extends Omit<ConsoleDeps, "areas"> {
  /** Defaults to the bundled 2025 list. */
  areas?: AdminUnits;
  /** Report indicator templates; defaults to src/core/reports/templates (checked here, so a broken one fails the start). */
  reportTemplates?: ReportTemplate[];
  /** Live queue: how often each open queue page's stream checks for changes (default 5 s). */
  queuePollMs?: number;
}

export interface ConsoleHandle {
  /** Mount at /console. */
  routes: Hono<ConsoleEnv>;
  /**
   * On a new install (no staff account yet): adds the shipped ready answers and logs a one-time setup link. The link starts with publicUrl,
   * else with `origin` when given (e.g. the address the server listens on), else it is a path.
   */
  onFirstStart(origin?: string): Promise<void>;
  /** Ends the live queue streams (call before closing the HTTP server so shutdown does not wait). */
  close(): void;
}

export function createConsole(o: ConsoleOptions): ConsoleHandle {
  const d: ConsoleDeps = { ...o, areas: o.areas ?? loadAdminUnits() };
  const reportTemplates = o.reportTemplates ?? loadTemplates();
  const app = new Hono<ConsoleEnv>();
  const closing = new AbortController();

  app.use(sessionMiddleware({ stores: d.stores, clock: d.clock, translator: d.translator, secureCookies: d.secureCookies }));
  app.use(csrfMiddleware(csrfRejected(d.logger)));
  app.route("/", createAuthRoutes(d));
  app.use(requireStaff);
  app.use(confineClubLeaders);
  app.route("/", createQueueRoutes(d));
  app.route("/", createCaseRoutes(d));
  app.route("/", createLiveRoutes(d, { pollMs: o.queuePollMs ?? 5000, maxStreamMs: 5 * 60_000, signal: closing.signal }));
  app.route("/", createMeRoutes(d));
  app.route("/", createAdminRoutes(d));
  app.route("/", createDirectoryRoutes(d));
  app.route("/", createReferralRoutes(d));
  app.route("/", createClubRoutes(d));
  app.route("/", createAttendanceRoutes(d));
  app.route("/", createBroadcastRoutes(d));
  app.route("/", createReportRoutes(d, reportTemplates));

  // A catch-all route, not notFound(): a mounted sub-app's notFound is not used by the parent.
  app.all("*", notFoundPage);
  app.onError(errorPage(d.logger));

  const onFirstStart = async (origin?: string) => {
    await seedReadyAnswers(d);
    await announceSetupLink(d, { fallbackOrigin: origin });
  };
  return { routes: app, onFirstStart, close: () => closing.abort() };
}
