// The queue (with filters and unread marks) and "take the next case".
import { Hono } from "hono";
import { caseScope } from "../../core/staff/access.ts";
import type { CaseDetail, StaffRecord } from "../../core/ports.ts";
import { DEFAULT_CRISIS_ESCALATION } from "../../core/cases/escalate-crisis.ts";
import { takeNextCase } from "../../core/cases/take-next-case.ts";
import { BASE, me, render, type ConsoleEnv } from "../context.ts";
import type { ConsoleDeps } from "../deps.ts";
import { parseQueueQuery, toQueueFilter } from "../services/queue-filter.ts";
import { QueuePage } from "../views/queue-page.tsx";
import type { AreaOption } from "../views/queue-filters.tsx";
import { flashFrom, redirectWith } from "./helpers.ts";

const QUEUE_LIMIT = 200;

export function createQueueRoutes(d: ConsoleDeps): Hono<ConsoleEnv> {
  const app = new Hono<ConsoleEnv>();

  app.get("/", async (c) => {
    const staff = me(c);
    const query = parseQueueQuery(c.req.query());
    const cases = await d.stores.cases.listQueue(caseScope(staff), { limit: QUEUE_LIMIT, filter: toQueueFilter(query, staff) });
    const unread = await unreadCases(d, staff, cases);
    return render(
      c,
      <QueuePage
        v={c.var}
        cases={cases}
        unread={unread}
        areas={d.areas}
        areaOptions={areaOptions(d, staff, c.var.t)}
        query={query}
        now={d.clock.now()}
        crisisTargetMinutes={d.crisisClaimTargetMinutes ?? DEFAULT_CRISIS_ESCALATION.claimTargetMinutes}
        {...flashFrom(c)}
      />,
    );
  });

  app.post("/next", async (c) => {
    const next = await takeNextCase(d, { staff: me(c) });
    return next ? redirectWith(c, `${BASE}/cases/${next.handle}`, { ok: "claimed" }) : redirectWith(c, BASE, { err: "none_waiting" });
  });

  return app;
}

/** Cases never opened by this staff member, or where the person wrote after they last looked. */
async function unreadCases(d: ConsoleDeps, staff: StaffRecord, cases: CaseDetail[]): Promise<Set<string>> {
  const seen = await d.stores.cases.listCaseSeen(
    staff.id,
    cases.map((c) => c.id),
  );
  return new Set(cases.filter((c) => (seen.get(c.id)?.getTime() ?? -1) < c.lastPersonMessageAt.getTime()).map((c) => c.id));
}

/** The area filter's choices: the staff member's provinces (all provinces for admins), and "no area" where they see those. */
function areaOptions(d: ConsoleDeps, staff: StaffRecord, t: (key: string) => string): AreaOption[] {
  const scope = caseScope(staff);
  const provinces = scope.kind === "all" ? d.areas.provinces : d.areas.provinces.filter((p) => staff.provinceCodes.includes(p.code));
  const options = provinces.map((p) => ({ value: String(p.code), label: p.name }));
  const noArea = scope.kind === "all" || (scope.kind === "areas" && scope.includeNoArea);
  return noArea ? [...options, { value: "none", label: t("case.noArea") }] : options;
}
