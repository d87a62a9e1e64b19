// The queue and the case page, and every action on a case. Cases outside the staff member's areas
// answer 404 exactly like unknown handles.
import { Hono } from "hono";
import { canActOnCase, canReadAudit, canSeeCase, caseScope, CASE_ROLES } from "../access.ts";
import { BASE, me, render, type ConsoleContext, type ConsoleEnv } from "../context.ts";
import type { ConsoleDeps } from "../deps.ts";
import type { ConsoleCase } from "../ports.ts";
import { ConsoleError, isConsoleError } from "../services/console-error.ts";
import { addCaseNote } from "../services/cases/add-case-note.ts";
import { claimCase } from "../services/cases/claim-case.ts";
import { closeCase } from "../services/cases/close-case.ts";
import { findVisibleCase } from "../services/cases/find-visible-case.ts";
import { releaseCase } from "../services/cases/release-case.ts";
import { replyToCase } from "../services/cases/reply-to-case.ts";
import { takeNextCase } from "../services/cases/take-next-case.ts";
import { transferCase } from "../services/cases/transfer-case.ts";
import { viewCase } from "../services/cases/view-case.ts";
import { CasePage } from "../views/case-page.tsx";
import { QueuePage } from "../views/queue-page.tsx";
import { flashFrom, formFields, redirectWith, type OK_KEYS } from "./helpers.ts";

const QUEUE_LIMIT = 200;
const THREAD_LIMIT = 500;

export function createCaseRoutes(d: ConsoleDeps): Hono<ConsoleEnv> {
  const app = new Hono<ConsoleEnv>();

  app.get("/", async (c) => {
    const cases = await d.store.listQueue(caseScope(me(c)), { limit: QUEUE_LIMIT });
    return render(c, <QueuePage v={c.var} cases={cases} areas={d.areas} now={d.clock.now()} {...flashFrom(c)} />);
  });

  app.post("/next", async (c) => {
    const next = await takeNextCase(d, { staff: me(c) });
    return next ? redirectWith(c, caseUrl(next), { ok: "claimed" }) : redirectWith(c, BASE, { err: "none_waiting" });
  });

  app.get("/cases/:handle", async (c) => {
    const staff = me(c);
    const kase = await viewCase(d, { staff, handle: c.req.param("handle") });
    const [address, messages, notes, canned, everyone, audit] = await Promise.all([
      d.core.getAddress(kase.personId),
      d.store.listCaseMessages(kase.id, THREAD_LIMIT),
      d.store.listNotes(kase.id),
      d.store.listCannedReplies(kase.locale),
      d.store.listStaff(),
      canReadAudit(staff) ? d.store.listAudit({ caseId: kase.id, limit: 200 }) : Promise.resolve(null),
    ]);
    const use = c.req.query("use");
    const draft = use ? (canned.find((r) => r.id === use)?.body ?? "") : "";
    const colleagues = everyone.filter((s) => s.id !== staff.id && s.id !== kase.assignee?.id && s.active && CASE_ROLES.includes(s.role) && canSeeCase(s, kase));
    return render(
      c,
      <CasePage v={c.var} c={kase} areas={d.areas} now={d.clock.now()} messages={messages} notes={notes} canned={canned} draft={draft} colleagues={colleagues} audit={audit} canAct={canActOnCase(staff, kase)} reachable={address?.reachable ?? false} {...flashFrom(c)} />,
    );
  });

  const action = (name: string, ok: (typeof OK_KEYS)[number], run: (c: ConsoleContext, kase: ConsoleCase, form: Record<string, string>) => Promise<unknown>) =>
    app.post(`/cases/:handle/${name}`, async (c) => {
      const kase = await findVisibleCase(d, { staff: me(c), handle: c.req.param("handle") });
      try {
        await run(c, kase, await formFields(c));
      } catch (error) {
        if (isConsoleError(error) && error.code !== "not_found") return redirectWith(c, caseUrl(kase), { err: error.code });
        throw error;
      }
      return redirectWith(c, caseUrl(kase), { ok });
    });

  action("claim", "claimed", async (c, kase) => {
    if (!(await claimCase(d, { staff: me(c), kase }))) throw new ConsoleError("held_by_other");
  });
  action("release", "released", (c, kase) => releaseCase(d, { staff: me(c), kase }));
  action("transfer", "transferred", (c, kase, f) => transferCase(d, { staff: me(c), kase, targetId: f.to ?? "" }));
  action("reply", "replied", (c, kase, f) => replyToCase(d, { staff: me(c), kase, text: f.text }));
  action("notes", "noted", (c, kase, f) => addCaseNote(d, { staff: me(c), kase, text: f.text }));
  action("close", "closed", (c, kase, f) => closeCase(d, { staff: me(c), kase, outcome: f.outcome }));

  return app;
}

const caseUrl = (c: Pick<ConsoleCase, "handle">): string => `${BASE}/cases/${c.handle}`;
