// The referral directory in the console: list with filters, create, edit, deactivate, CSV import
// (all or nothing, with a row-by-row report), CSV and HSDS JSON export. Counsellors read; admins and
// supervisors (in their provinces) manage.
import { Hono, type MiddlewareHandler } from "hono";
import { z } from "zod";
import { BASE, me, render, type ConsoleContext, type ConsoleEnv } from "../context.ts";
import type { ConsoleDeps } from "../deps.ts";
import { SERVICE_KINDS, SERVICE_STATUSES, UNCONFIRMED_AFTER_DAYS, type DirectoryFilter } from "../../core/ports.ts";
import { canEditService, canManageDirectory, canViewDirectory, directoryProvinces } from "../../core/referral/directory-access.ts";
import { CSV_ENCODINGS, exportDirectoryCsv, importDirectoryCsv } from "../../core/referral/directory-csv.ts";
import { toHsds } from "../../core/referral/hsds-export.ts";
import { parseServiceRow, serviceToRow, type RowProblem, type ServiceRow } from "../../core/referral/service-row.ts";
import { MessagePage } from "../views/auth-pages.tsx";
import { DirectoryPage } from "../views/directory/directory-page.tsx";
import { ImportPage } from "../views/directory/import-page.tsx";
import { ServiceFormPage } from "../views/directory/service-form.tsx";
import { flashFrom, formFields, redirectWith } from "./helpers.ts";

const DIR = `${BASE}/directory`;
const LIST_LIMIT = 500;
const DAY = 86_400_000;

const filterSchema = z.object({
  kind: z.enum(SERVICE_KINDS).optional().catch(undefined),
  status: z.enum(SERVICE_STATUSES).optional().catch(undefined),
  province: z.coerce.number().int().positive().optional().catch(undefined),
  q: z.string().trim().max(100).optional().catch(undefined),
  unconfirmed: z.literal("1").optional().catch(undefined),
});
export type DirectoryQuery = z.infer<typeof filterSchema>;

export function createDirectoryRoutes(d: ConsoleDeps): Hono<ConsoleEnv> {
  const app = new Hono<ConsoleEnv>();
  const notFound = (c: ConsoleContext) => render(c, <MessagePage v={c.var} title={c.var.t("errors.notFoundTitle")} text={c.var.t("errors.not_found")} />, 404);
  const readers: MiddlewareHandler<ConsoleEnv> = async (c, next) => (canViewDirectory(me(c)) ? next() : notFound(c));
  const managers: MiddlewareHandler<ConsoleEnv> = async (c, next) => (canManageDirectory(me(c)) ? next() : notFound(c));
  app.use("/directory", readers);
  app.use("/directory/*", readers);
  app.use("/directory/new", managers);
  app.use("/directory/import", managers);
  app.use("/directory/export.*", managers);

  const listFilter = (q: DirectoryQuery): DirectoryFilter => ({
    limit: LIST_LIMIT,
    ...(q.kind ? { kind: q.kind } : {}),
    ...(q.status ? { status: q.status } : {}),
    ...(q.province ? { provinceCode: q.province } : {}),
    ...(q.q ? { text: q.q } : {}),
    ...(q.unconfirmed ? { confirmedBefore: staleBefore(d.clock.now()) } : {}),
  });

  app.get("/directory", async (c) => {
    const query = filterSchema.parse(c.req.query());
    const services = await d.stores.directory.listServices(listFilter(query));
    const outcomes = await d.stores.directory.outcomeCounts(services.map((s) => s.id));
    const staff = me(c);
    return render(
      c,
      <DirectoryPage
        v={c.var}
        services={services}
        outcomes={outcomes}
        query={query}
        areas={d.areas}
        staleBefore={staleBefore(d.clock.now())}
        canManage={canManageDirectory(staff)}
        canEdit={(s) => canEditService(staff, s)}
        {...flashFrom(c)}
      />,
    );
  });

  app.get("/directory/export.csv", async (c) => {
    const services = await d.stores.directory.listServices(listFilter(filterSchema.parse(c.req.query())));
    c.header("content-disposition", 'attachment; filename="directory.csv"');
    c.header("cache-control", "no-store");
    return c.body(exportDirectoryCsv(services), 200, { "content-type": "text/csv; charset=utf-8" });
  });

  app.get("/directory/export.json", async (c) => {
    const services = await d.stores.directory.listServices(listFilter(filterSchema.parse(c.req.query())));
    c.header("content-disposition", 'attachment; filename="directory-hsds.json"');
    c.header("cache-control", "no-store");
    return c.json(toHsds(services, d.areas, d.clock.now()));
  });

  app.get("/directory/import", (c) => render(c, <ImportPage v={c.var} />));

  app.post("/directory/import", async (c) => {
    const body = await c.req.parseBody();
    const file = body.file;
    const encoding = z.enum(CSV_ENCODINGS).catch("auto").parse(body.encoding);
    if (!(file instanceof File) || file.size === 0) return render(c, <ImportPage v={c.var} err="invalid_input" />, 400);
    const staff = me(c);
    const result = importDirectoryCsv(new Uint8Array(await file.arrayBuffer()), encoding, {
      areas: d.areas,
      now: d.clock.now(),
      isSample: body.sample === "1",
      allowedProvinces: directoryProvinces(staff),
    });
    if (!result.ok) {
      d.logger.info({ problems: result.problems.length, encoding: result.encoding }, "directory import refused");
      return render(c, <ImportPage v={c.var} encoding={result.encoding} problems={result.problems} />, 422);
    }
    // Updating a listing another supervisor's area holds is refused like any other row problem.
    const existing = await d.stores.directory.getServicesByCode(result.inputs.map((i) => i.code));
    const blocked = existing.filter((s) => !canEditService(staff, s)).map((s) => s.code.toLowerCase());
    if (blocked.length > 0) {
      const problems = result.inputs
        .map((input, i) => ({ row: i + 2, column: "service_code", code: "outside_areas" as const, input }))
        .filter((p) => blocked.includes(p.input.code.toLowerCase()))
        .map(({ row, column, code }) => ({ row, column, code }));
      return render(c, <ImportPage v={c.var} encoding={result.encoding} problems={problems} />, 422);
    }
    const counts = await d.stores.directory.importServices(result.inputs);
    await d.stores.audit.record({ actorId: staff.id, action: "directory.import", details: { ...counts, encoding: result.encoding } }, d.clock.now());
    return render(c, <ImportPage v={c.var} encoding={result.encoding} imported={counts} />);
  });

  app.get("/directory/new", (c) =>
    render(c, <ServiceFormPage v={c.var} row={{ area_scope: "province", status: "active", taking_referrals: "yes", cost: "free" }} />),
  );

  app.get("/directory/:id", async (c) => {
    const service = await findService(d, c.req.param("id"));
    if (!service) return notFound(c);
    const editable = canEditService(me(c), service);
    return render(c, <ServiceFormPage v={c.var} id={service.id} row={serviceToRow(service)} readOnly={!editable} {...flashFrom(c)} />);
  });

  app.post("/directory/:id?", async (c) => {
    const id = c.req.param("id");
    const staff = me(c);
    const existing = id ? await findService(d, id) : null;
    if ((id && !existing) || (existing && !canEditService(staff, existing)) || !canManageDirectory(staff)) return notFound(c);
    const form = await formFields(c);
    const row: ServiceRow = Object.fromEntries(Object.entries(form).filter(([k]) => k !== "_csrf"));
    const parsed = parseServiceRow(row, {
      areas: d.areas,
      now: d.clock.now(),
      isSample: existing?.isSample ?? false,
      allowedProvinces: directoryProvinces(staff),
    });
    const clash = parsed.ok ? (await d.stores.directory.getServicesByCode([parsed.input.code])).find((s) => s.id !== existing?.id) : undefined;
    if (!parsed.ok || clash) {
      const problems: RowProblem[] = parsed.ok ? [{ column: "service_code", code: "duplicate" }] : parsed.problems;
      return render(c, <ServiceFormPage v={c.var} id={existing?.id} row={row} problems={problems} />, 422);
    }
    const saved = await d.stores.directory.saveService({ ...parsed.input, ...(existing ? { id: existing.id } : {}) });
    await d.stores.audit.record({ actorId: staff.id, action: existing ? "directory.update" : "directory.create", targetId: saved.id }, d.clock.now());
    return redirectWith(c, `${DIR}/${saved.id}`, { ok: "saved" });
  });

  app.post("/directory/:id/deactivate", async (c) => {
    const service = await findService(d, c.req.param("id"));
    if (!service || !canEditService(me(c), service)) return notFound(c);
    await d.stores.directory.setStatus(service.id, "inactive", d.clock.now());
    await d.stores.audit.record({ actorId: me(c).id, action: "directory.deactivate", targetId: service.id }, d.clock.now());
    return redirectWith(c, DIR, { ok: "saved" });
  });

  return app;
}

const staleBefore = (now: Date): Date => new Date(now.getTime() - UNCONFIRMED_AFTER_DAYS * DAY);

async function findService(d: ConsoleDeps, id: string) {
  return z.string().uuid().safeParse(id).success ? d.stores.directory.getService(id) : null;
}
