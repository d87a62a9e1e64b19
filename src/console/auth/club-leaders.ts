// Club leaders run their clubs and never see a case: outside the clubs pages, their clubs' broadcasts
// (the broadcast routes scope them to the clubs they lead), their own settings and the page scripts, the console answers them as if the page did not exist ("/console" sends them to
// their clubs).
import type { MiddlewareHandler } from "hono";
import { BASE, type ConsoleEnv } from "../context.ts";
import { notFoundPage } from "../routes/error-pages.tsx";

const ALLOWED = [`${BASE}/clubs`, `${BASE}/broadcasts`, `${BASE}/me`, `${BASE}/logout`, `${BASE}/logout-all`, `${BASE}/club-meeting.js`];

export const confineClubLeaders: MiddlewareHandler<ConsoleEnv> = async (c, next) => {
  if (c.get("staff")?.role !== "club_leader") return next();
  const path = c.req.path.replace(/\/+$/, "");
  if (path === BASE || path === "") return c.redirect(`${BASE}/clubs`, 303);
  if (ALLOWED.some((a) => path === a || path.startsWith(`${a}/`))) return next();
  return notFoundPage(c);
};
