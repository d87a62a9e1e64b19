// Admin: staff accounts: invitations, role/provinces/active changes, password-reset links.
import { Hono, type Context } from "hono";
import { z } from "zod";
import { BASE, me, render, type ConsoleEnv } from "../context.ts";
import type { ConsoleDeps } from "../deps.ts";
import { STAFF_ROLES } from "../../core/ports.ts";
import { AppError, isAppError } from "../../shared/errors/app-error.ts";
import { createInvite } from "../../core/staff/create-invite.ts";
import { createResetLink } from "../../core/staff/create-reset-link.ts";
import { staffChangeSchema, updateStaff } from "../../core/staff/update-staff.ts";
import { StaffPage } from "../views/staff-page.tsx";
import { errKey, flashFrom, formFields, formList, redirectWith, requestOrigin } from "./helpers.ts";

const inviteSchema = z.object({
  role: z.enum(STAFF_ROLES),
  email: z.union([z.literal(""), z.string().trim().toLowerCase().email().max(200)]),
  provinceCodes: z.array(z.coerce.number().int().positive()).max(40),
});

export function createStaffRoutes(d: ConsoleDeps): Hono<ConsoleEnv> {
  const app = new Hono<ConsoleEnv>();
  const staffPage = async (c: Context<ConsoleEnv>, link?: { kind: "invite" | "reset"; url: string }) =>
    render(c, <StaffPage v={c.var} staff={await d.stores.staff.listStaff()} areas={d.areas} link={link} {...flashFrom(c)} />);

  app.get("/staff", (c) => staffPage(c));

  app.post("/staff/invite", async (c) => {
    const parsed = inviteSchema.safeParse({ ...(await formFields(c)), provinceCodes: await formList(c, "provinceCodes") });
    if (!parsed.success || parsed.data.provinceCodes.some((p) => !d.areas.province(p))) return redirectWith(c, `${BASE}/staff`, { err: "invalid_input" });
    const url = await createInvite(d, { admin: me(c), ...parsed.data, email: parsed.data.email || null, origin: requestOrigin(c, d.trustedProxyHops) });
    return staffPage(c, { kind: "invite", url });
  });

  app.post("/staff/:id/reset", async (c) => {
    const id = c.req.param("id");
    if (!z.string().uuid().safeParse(id).success) return redirectWith(c, `${BASE}/staff`, { err: "not_found" });
    try {
      return staffPage(c, { kind: "reset", url: await createResetLink(d, { admin: me(c), staffId: id, origin: requestOrigin(c, d.trustedProxyHops) }) });
    } catch (error) {
      if (isAppError(error)) return redirectWith(c, `${BASE}/staff`, { err: errKey(error.code) });
      throw error;
    }
  });

  app.post("/staff/:id", async (c) => {
    const f = await formFields(c);
    const parsed = staffChangeSchema.safeParse({
      role: f.role,
      displayName: f.displayName,
      active: f.active === "1",
      provinceCodes: (await formList(c, "provinceCodes")).map(Number),
    });
    const id = c.req.param("id");
    try {
      if (!parsed.success || !z.string().uuid().safeParse(id).success) throw new AppError("invalid_input");
      await updateStaff(d, { admin: me(c), staffId: id, change: parsed.data });
    } catch (error) {
      if (isAppError(error)) return redirectWith(c, `${BASE}/staff`, { err: errKey(error.code) });
      throw error;
    }
    return redirectWith(c, `${BASE}/staff`, { ok: "saved" });
  });

  return app;
}
