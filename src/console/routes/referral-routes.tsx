// Referrals from a case: search the directory and send up to 3 services through the bot (the person
// answers "I want to go" or "No, thank you"), and record status changes. Cases outside the staff
// member's areas answer 404 like everything else about them.
import { Hono } from "hono";
import { z } from "zod";
import { BASE, me, render, type ConsoleEnv } from "../context.ts";
import type { ConsoleDeps } from "../deps.ts";
import { SERVICE_KINDS, type CaseDetail } from "../../core/ports.ts";
import { findVisibleCase } from "../../core/cases/find-visible-case.ts";
import { offerFromCase, parseLoanAmount, setReferralStatus } from "../../core/referral/referrals.ts";
import { distanceRank } from "../../core/referral/match-services.ts";
import { isAppError } from "../../shared/errors/app-error.ts";
import { ReferPage } from "../views/refer-page.tsx";
import { errKey, formFields, formList, redirectWith } from "./helpers.ts";

const SEARCH_LIMIT = 60;

export function createReferralRoutes(d: ConsoleDeps): Hono<ConsoleEnv> {
  const app = new Hono<ConsoleEnv>();
  const caseUrl = (k: Pick<CaseDetail, "handle">) => `${BASE}/cases/${k.handle}`;

  app.get("/cases/:handle/refer", async (c) => {
    const kase = await findVisibleCase(d, { staff: me(c), handle: c.req.param("handle") });
    const kind = z
      .enum(SERVICE_KINDS)
      .optional()
      .catch(undefined)
      .parse(c.req.query("kind") || undefined);
    const q = (c.req.query("q") ?? "").trim().slice(0, 100);
    const found = await d.stores.directory.listServices({
      limit: SEARCH_LIMIT,
      status: "active",
      ...(kind ? { kind } : {}),
      ...(q ? { text: q } : {}),
      ...(kase.provinceCode !== null ? { provinceCode: kase.provinceCode } : {}),
    });
    const area = { provinceCode: kase.provinceCode, wardCode: kase.wardCode };
    const services = found.sort((a, b) => (distanceRank(a, area) ?? 9) - (distanceRank(b, area) ?? 9));
    return render(c, <ReferPage v={c.var} c={kase} services={services} areas={d.areas} q={q} kind={kind ?? ""} />);
  });

  app.post("/cases/:handle/refer", async (c) => {
    const staff = me(c);
    const kase = await findVisibleCase(d, { staff, handle: c.req.param("handle") });
    const serviceIds = (await formList(c, "serviceIds")).filter((id) => z.string().uuid().safeParse(id).success);
    const note = (await formFields(c)).note ?? "";
    try {
      const offered = await offerFromCase(d, { staff, kase, serviceIds, note });
      // The person is asked through a bot-initiated turn: buttons on Telegram and the web chat, numbered text on Zalo.
      const sent = await d.engine.startTurn({
        personId: kase.personId,
        flow: "referral",
        params: { offer: offered.map((r) => r.id), note: note.trim() || null },
      });
      if (sent.status !== "ran") return redirectWith(c, caseUrl(kase), { err: "gone" });
    } catch (error) {
      if (isAppError(error) && error.code !== "not_found") return redirectWith(c, caseUrl(kase), { err: errKey(error.code) });
      throw error;
    }
    return redirectWith(c, caseUrl(kase), { ok: "saved" });
  });

  app.post("/cases/:handle/referrals/:id/status", async (c) => {
    const staff = me(c);
    const kase = await findVisibleCase(d, { staff, handle: c.req.param("handle") });
    try {
      const f = await formFields(c);
      const loan = parseLoanAmount(f.loanAmount);
      if (loan.invalid) return redirectWith(c, caseUrl(kase), { err: "loan_amount" });
      await setReferralStatus(d, { staff, kase, referralId: c.req.param("id"), status: f.status ?? "", ...(loan.amount ? { loanAmount: loan.amount } : {}) });
    } catch (error) {
      if (isAppError(error) && error.code !== "not_found") return redirectWith(c, caseUrl(kase), { err: errKey(error.code) });
      throw error;
    }
    return redirectWith(c, caseUrl(kase), { ok: "saved" });
  });

  return app;
}
