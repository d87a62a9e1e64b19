// The queue and the case page, and every action on a case. Cases outside the staff member's areas
// answer 404 exactly like unknown handles.
import { Hono } from "hono";
import { canActOnCase, canReadAudit, canSeeCase, CASE_ROLES } from "../../core/staff/access.ts";
import { BASE, me, render, type ConsoleContext, type ConsoleEnv } from "../context.ts";
import { CaseLive } from "../views/case-page.tsx";
import type { ConsoleDeps } from "../deps.ts";
import type { CaseDetail } from "../../core/ports.ts";
import { AppError, isAppError } from "../../shared/errors/app-error.ts";
import { addCaseNote } from "../../core/cases/add-case-note.ts";
import { claimCase } from "../../core/cases/claim-case.ts";
import { closeCase } from "../../core/cases/close-case.ts";
import { findVisibleCase } from "../../core/cases/find-visible-case.ts";
import { releaseCase } from "../../core/cases/release-case.ts";
import { replyToCase } from "../../core/cases/reply-to-case.ts";
import { transferCase } from "../../core/cases/transfer-case.ts";
import { viewCase } from "../../core/cases/view-case.ts";
import { CasePage } from "../views/case-page.tsx";
import { errKey, flashFrom, formFields, redirectWith, type OK_KEYS } from "./helpers.ts";

const THREAD_LIMIT = 500;

export function createCaseRoutes(d: ConsoleDeps): Hono<ConsoleEnv> {
  const app = new Hono<ConsoleEnv>();

  app.get("/cases/:handle", async (c) => {
    const staff = me(c);
    const kase = await viewCase(d, { staff, handle: c.req.param("handle") });
    const [address, messages, notes, canned, everyone, audit, referrals] = await Promise.all([
      d.stores.people.getAddress(kase.personId),
      d.stores.messages.listCaseMessages(kase.id, THREAD_LIMIT),
      d.stores.notes.listNotes(kase.id),
      d.stores.readyAnswers.listCannedReplies(kase.locale),
      d.stores.staff.listStaff(),
      canReadAudit(staff) ? d.stores.audit.list({ caseId: kase.id, limit: 200 }) : Promise.resolve(null),
      d.stores.referrals.listForCase(kase.id),
    ]);
    const seenBefore = (await d.stores.cases.listCaseSeen(staff.id, [kase.id])).get(kase.id) ?? null;
    await d.stores.cases.markCaseSeen(kase.id, staff.id, d.clock.now());
    const use = c.req.query("use");
    const draft = use ? (canned.find((r) => r.id === use)?.body ?? "") : "";
    const colleagues = everyone.filter(
      (s) => s.id !== staff.id && s.id !== kase.assignee?.id && s.active && CASE_ROLES.includes(s.role) && canSeeCase(s, kase),
    );
    return render(
      c,
      <CasePage
        v={c.var}
        c={kase}
        areas={d.areas}
        now={d.clock.now()}
        messages={messages}
        notes={notes}
        canned={canned}
        draft={draft}
        colleagues={colleagues}
        audit={audit}
        canAct={canActOnCase(staff, kase)}
        reachable={address?.reachable ?? false}
        unreadAfter={seenBefore}
        referrals={referrals}
        {...flashFrom(c)}
      />,
    );
  });

  // The live part of an open case page (facts, claim, thread), fetched by case.js on each "case"
  // event. Only for a staff member who opened the page (an audited view) before; marks the thread seen.
  app.get("/cases/:handle/live", async (c) => {
    const staff = me(c);
    const kase = await findVisibleCase(d, { staff, handle: c.req.param("handle") });
    const seen = (await d.stores.cases.listCaseSeen(staff.id, [kase.id])).get(kase.id);
    if (!seen) throw new AppError("not_found");
    const after = new Date(c.req.query("after") ?? "");
    const [messages, address] = await Promise.all([d.stores.messages.listCaseMessages(kase.id, THREAD_LIMIT), d.stores.people.getAddress(kase.personId)]);
    await d.stores.cases.markCaseSeen(kase.id, staff.id, d.clock.now());
    c.header("cache-control", "no-store");
    const live = (
      <CaseLive
        v={c.var}
        c={kase}
        areas={d.areas}
        now={d.clock.now()}
        messages={messages}
        canAct={canActOnCase(staff, kase)}
        reachable={address?.reachable ?? false}
        unreadAfter={Number.isNaN(after.getTime()) ? seen : after}
        path={caseUrl(kase)}
      />
    );
    return c.html((await live.toString()) as string);
  });

  const action = (name: string, ok: (typeof OK_KEYS)[number], run: (c: ConsoleContext, kase: CaseDetail, form: Record<string, string>) => Promise<unknown>) =>
    app.post(`/cases/:handle/${name}`, async (c) => {
      const kase = await findVisibleCase(d, { staff: me(c), handle: c.req.param("handle") });
      try {
        await run(c, kase, await formFields(c));
      } catch (error) {
        if (isAppError(error) && error.code !== "not_found") return redirectWith(c, caseUrl(kase), { err: errKey(error.code) });
        throw error;
      }
      return redirectWith(c, caseUrl(kase), { ok });
    });

  action("claim", "claimed", async (c, kase) => {
    if (!(await claimCase(d, { staff: me(c), kase }))) throw new AppError("held_by_other");
  });
  action("release", "released", (c, kase) => releaseCase(d, { staff: me(c), kase }));
  action("transfer", "transferred", (c, kase, f) => transferCase(d, { staff: me(c), kase, targetId: f.to ?? "" }));
  action("reply", "replied", (c, kase, f) => replyToCase(d, { staff: me(c), kase, text: f.text }));
  action("notes", "noted", (c, kase, f) => addCaseNote(d, { staff: me(c), kase, text: f.text }));
  action("close", "closed", (c, kase, f) => closeCase(d, { staff: me(c), kase, outcome: f.outcome }));

  return app;
}

const caseUrl = (c: Pick<CaseDetail, "handle">): string => `${BASE}/cases/${c.handle}`;
