// Admin-only pages: staff (staff-routes.tsx), ready answers (replies-routes.tsx) and the audit log.
// Everyone else gets the same 404 as for an unknown page.
import { Hono, type MiddlewareHandler } from "hono";
import { canManageStaff } from "../../core/staff/access.ts";
import { me, render, type ConsoleEnv } from "../context.ts";
import type { ConsoleDeps } from "../deps.ts";
import { AuditPage } from "../views/audit-page.tsx";
import { MessagePage } from "../views/auth-pages.tsx";
import { createRepliesRoutes } from "./replies-routes.tsx";
import { createStaffRoutes } from "./staff-routes.tsx";

export function createAdminRoutes(d: ConsoleDeps): Hono<ConsoleEnv> {
  const app = new Hono<ConsoleEnv>();
  const adminOnly: MiddlewareHandler<ConsoleEnv> = async (c, next) => {
    if (!canManageStaff(me(c))) return render(c, <MessagePage v={c.var} title={c.var.t("errors.notFoundTitle")} text={c.var.t("errors.not_found")} />, 404);
    return next();
  };
  app.use("/staff/*", adminOnly);
  app.use("/staff", adminOnly);
  app.use("/replies/*", adminOnly);
  app.use("/replies", adminOnly);
  app.use("/audit", adminOnly);

  app.get("/audit", async (c) => render(c, <AuditPage v={c.var} rows={await d.stores.audit.list({ limit: 300 })} />));
  app.route("/", createStaffRoutes(d));
  app.route("/", createRepliesRoutes(d));

  return app;
}
