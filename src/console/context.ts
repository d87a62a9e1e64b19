// What every console request carries (set by the middleware in auth/session.ts), and small helpers
// to translate and render with it.
import { AppError } from "../shared/errors/app-error.ts";
import type { Context } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { JSX } from "hono/jsx/jsx-runtime";
import type { Translator } from "../shared/i18n/index.ts";
import type { StaffRecord } from "../core/ports.ts";

export { BASE } from "../core/deps.ts";

export type ConsoleLang = "vi" | "en";

export interface ConsoleVars {
  staff: StaffRecord | null;
  /** SHA-256 of the session cookie, when signed in. */
  sessionHash: string | null;
  /** The token every form must echo back in `_csrf`. */
  csrf: string;
  lang: ConsoleLang;
  t: (key: string, vars?: Record<string, unknown>) => string;
}

export type ConsoleEnv = { Variables: ConsoleVars };
export type ConsoleContext = Context<ConsoleEnv>;

export function bindTranslate(translator: Translator, lang: ConsoleLang): ConsoleVars["t"] {
  return (key, vars) => translator.t(lang, key.includes(":") ? key : `console:${key}`, vars);
}

/** Renders a page: the doctype plus the escaped JSX tree. */
export async function render(c: ConsoleContext, page: JSX.Element, status: ContentfulStatusCode = 200): Promise<Response> {
  c.header("cache-control", "no-store");
  return c.html(`<!doctype html>${(await page.toString()) as string}`, status);
}

/** The signed-in staff member; the routes behind requireStaff can rely on it. */
export function me(c: ConsoleContext): StaffRecord {
  const staff = c.get("staff");
  if (!staff) throw new AppError("internal", "requireStaff did not run");
  return staff;
}
