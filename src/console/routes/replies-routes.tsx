// Admin: ready answers (canned replies) per language.
import { Hono } from "hono";
import { z } from "zod";
import { BASE, me, render, type ConsoleEnv } from "../context.ts";
import type { ConsoleDeps } from "../deps.ts";
import { RepliesPage } from "../views/replies-page.tsx";
import { flashFrom, formFields, redirectWith } from "./helpers.ts";

const cannedSchema = z.object({ locale: z.enum(["vi", "en"]), title: z.string().trim().min(1).max(120), body: z.string().trim().min(1).max(4000) });

export function createRepliesRoutes(d: ConsoleDeps): Hono<ConsoleEnv> {
  const app = new Hono<ConsoleEnv>();

  app.get("/replies", async (c) => render(c, <RepliesPage v={c.var} replies={await d.stores.readyAnswers.listCannedReplies()} {...flashFrom(c)} />));

  app.post("/replies/:id?", async (c) => {
    const id = c.req.param("id");
    const parsed = cannedSchema.safeParse(await formFields(c));
    if (!parsed.success || (id !== undefined && !(await d.stores.readyAnswers.getCannedReply(id).catch(() => null))))
      return redirectWith(c, `${BASE}/replies`, { err: "invalid_input" });
    const saved = await d.stores.readyAnswers.saveCannedReply({ ...parsed.data, ...(id ? { id } : {}) });
    await d.stores.audit.record({ actorId: me(c).id, action: id ? "reply.update" : "reply.create", targetId: saved.id }, d.clock.now());
    return redirectWith(c, `${BASE}/replies`, { ok: "saved" });
  });

  app.post("/replies/:id/delete", async (c) => {
    const id = c.req.param("id");
    if (z.string().uuid().safeParse(id).success && (await d.stores.readyAnswers.deleteCannedReply(id))) {
      await d.stores.audit.record({ actorId: me(c).id, action: "reply.delete", targetId: id }, d.clock.now());
    }
    return redirectWith(c, `${BASE}/replies`, { ok: "deleted" });
  });

  return app;
}
