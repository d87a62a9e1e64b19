// The signed-in staff member's own settings: on-duty switch and Telegram link (every role).
import { Hono } from "hono";
import { BASE, me, render, type ConsoleContext, type ConsoleEnv } from "../context.ts";
import type { ConsoleDeps } from "../deps.ts";
import { createTelegramLink, type TelegramLinkOffer } from "../../core/staff/create-telegram-link.ts";
import { setOnDuty } from "../../core/staff/set-on-duty.ts";
import { unlinkTelegram } from "../../core/staff/unlink-telegram.ts";
import { MePage } from "../views/me-page.tsx";
import { flashFrom, formFields, redirectWith } from "./helpers.ts";

export function createMeRoutes(d: ConsoleDeps): Hono<ConsoleEnv> {
  const app = new Hono<ConsoleEnv>();
  const page = (c: ConsoleContext, offer?: TelegramLinkOffer) =>
    render(c, <MePage v={c.var} me={me(c)} messenger={d.messenger !== undefined} offer={offer} {...flashFrom(c)} />);

  app.get("/me", (c) => page(c));

  app.post("/me/duty", async (c) => {
    const onDuty = (await formFields(c)).onDuty === "1";
    await setOnDuty(d, { staff: me(c), onDuty });
    return redirectWith(c, `${BASE}/me`, { ok: onDuty ? "onDuty" : "offDuty" });
  });

  app.post("/me/telegram/link", async (c) => {
    if (!d.messenger) return redirectWith(c, `${BASE}/me`, { err: "forbidden" });
    return page(c, await createTelegramLink(d, { staff: me(c) }));
  });

  app.post("/me/telegram/unlink", async (c) => {
    await unlinkTelegram(d, { staff: me(c) });
    return redirectWith(c, `${BASE}/me`, { ok: "unlinked" });
  });

  return app;
}
