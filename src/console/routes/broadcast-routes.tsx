// Broadcasts in the console: list, compose (zod-validated), preview with the exact count, confirm,
// progress (the page reloads itself while sending) with ETA and results, cancel. Admins everywhere,
// supervisors in their provinces, club leaders for their clubs only; anything else answers 404.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { Hono, type MiddlewareHandler } from "hono";
import { BASE, me, render, type ConsoleContext, type ConsoleEnv } from "../context.ts";
import type { ConsoleDeps } from "../deps.ts";
import { broadcastScope, canBroadcast } from "../../core/broadcasts/broadcast-access.ts";
import { broadcastProgress, cancelBroadcast, composeBroadcast, composeSchema, startBroadcast } from "../../core/broadcasts/broadcasts.ts";
import type { AudienceKind, BroadcastRecord } from "../../core/broadcasts/ports.ts";
import type { StaffRecord } from "../../core/ports.ts";
import { isAppError } from "../../shared/errors/app-error.ts";
import { MessagePage } from "../views/auth-pages.tsx";
import { BroadcastListPage, BroadcastPage, ComposePage, type ComposeValues } from "../views/broadcasts/broadcast-pages.tsx";
import { formFields } from "./helpers.ts";

const ROOT = `${BASE}/broadcasts`;
const LIST_LIMIT = 100;
const SCRIPT = fs.readFileSync(path.join(path.dirname(fileURLToPath(import.meta.url)), "../public/broadcast.js"), "utf8");
const OK = ["started", "cancelled"] as const;
const ERR = ["invalid", "empty_audience", "started", "ended"] as const;

export function createBroadcastRoutes(d: ConsoleDeps): Hono<ConsoleEnv> {
  const app = new Hono<ConsoleEnv>();
  const notFound = (c: ConsoleContext) => render(c, <MessagePage v={c.var} title={c.var.t("errors.notFoundTitle")} text={c.var.t("errors.not_found")} />, 404);
  const allowed: MiddlewareHandler<ConsoleEnv> = async (c, next) => (canBroadcast(me(c)) ? next() : notFound(c));
  app.use("/broadcasts", allowed);
  app.use("/broadcasts/*", allowed);
  const rates = d.broadcasts?.rates ?? {};

  app.get("/broadcasts/broadcast.js", (c) => c.body(SCRIPT, 200, { "content-type": "text/javascript; charset=utf-8", "cache-control": "no-cache" }));

  app.get("/broadcasts", async (c) => {
    const list = await d.stores.broadcasts.list({ scope: await visibleScope(me(c)), limit: LIST_LIMIT });
    return render(c, <BroadcastListPage v={c.var} list={list} clubs={await clubNames(list)} areas={d.areas} />);
  });

  app.get("/broadcasts/new", async (c) => render(c, await composePage(c, {})));

  app.post("/broadcasts", async (c) => {
    const staff = me(c);
    const fields = await formFields(c);
    const parsed = composeSchema.safeParse(fields);
    if (!parsed.success) {
      d.logger.info({ issues: parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.code}`) }, "broadcast form rejected");
      return render(c, await composePage(c, fields, "invalid"), 400);
    }
    const created = await composeBroadcast(d, { staff, input: parsed.data });
    return c.redirect(`${ROOT}/${created.id}`, 303);
  });

  app.get("/broadcasts/:id", async (c) => {
    const staff = me(c);
    const progress = await broadcastProgress(d, { staff, id: c.req.param("id"), rates });
    const previewCount = progress.broadcast.status === "draft" ? await d.stores.broadcasts.countAudience(progress.broadcast.audience) : null;
    const ok = OK.find((k) => k === c.req.query("ok"));
    const err = ERR.find((k) => k === c.req.query("err"));
    const audience = await audienceText(c, progress.broadcast);
    return render(c, <BroadcastPage v={c.var} progress={progress} previewCount={previewCount} audience={audience} ok={ok} err={err} />);
  });

  app.post("/broadcasts/:id/start", async (c) => {
    const staff = me(c);
    const id = c.req.param("id");
    const fanOut = d.broadcasts?.fanOut ?? (async () => undefined);
    try {
      await startBroadcast({ ...d, fanOut }, { staff, id });
    } catch (error) {
      const reason = isAppError(error) ? (error.details?.reason as string | undefined) : undefined;
      if (reason === "empty_audience" || reason === "started") return c.redirect(`${ROOT}/${id}?err=${reason}`, 303);
      throw error;
    }
    return c.redirect(`${ROOT}/${id}?ok=started`, 303);
  });

  app.post("/broadcasts/:id/cancel", async (c) => {
    const staff = me(c);
    const id = c.req.param("id");
    try {
      await cancelBroadcast(d, { staff, id });
    } catch (error) {
      if (isAppError(error) && error.details?.reason === "ended") return c.redirect(`${ROOT}/${id}?err=ended`, 303);
      throw error;
    }
    return c.redirect(`${ROOT}/${id}?ok=cancelled`, 303);
  });

  /** The list's scope: a leader sees their clubs' broadcasts only (an empty province list). */
  async function visibleScope(staff: StaffRecord) {
    return broadcastScope(d, staff);
  }

  async function clubNames(list: BroadcastRecord[]): Promise<Map<string, string>> {
    const ids = [...new Set(list.flatMap((x) => (x.audience.kind === "club" ? [x.audience.clubId] : [])))];
    if (ids.length === 0) return new Map();
    return new Map((await d.stores.broadcasts.listClubs({ ids })).map((c) => [c.id, c.name]));
  }

  async function audienceText(c: ConsoleContext, x: BroadcastRecord): Promise<string> {
    const kind = c.var.t(`broadcasts:console.audiences.${x.audience.kind}`);
    if (x.audience.kind === "club") return `${kind}: ${(await clubNames([x])).get(x.audience.clubId) ?? "—"}`;
    if (x.audience.kind === "area_subscribers") return `${kind}: ${d.areas.province(x.audience.provinceCode)?.name ?? ""}`;
    return kind;
  }

  /** The compose form with only the audiences and clubs this staff member may use. */
  async function composePage(c: ConsoleContext, values: ComposeValues, err?: string) {
    const staff = me(c);
    const scope = await broadcastScope(d, staff);
    const clubs = await d.stores.broadcasts.listClubs(
      scope === null ? null : staff.role === "club_leader" ? { ids: scope.clubIds } : { provinceCodes: scope.provinceCodes },
    );
    const kinds: AudienceKind[] =
      staff.role === "club_leader" ? ["club"] : staff.role === "supervisor" ? ["club", "area_subscribers"] : ["club", "area_subscribers", "all_opted_in"];
    const provinces = d.areas.provinces.filter((p) => scope === null || scope.provinceCodes.includes(p.code)).map((p) => ({ code: p.code, name: p.name }));
    return <ComposePage v={c.var} kinds={kinds} clubs={clubs} provinces={provinces} values={values} {...(err ? { err } : {})} />;
  }

  return app;
}
