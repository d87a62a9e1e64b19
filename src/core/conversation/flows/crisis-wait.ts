// The waiting notice of a crisis (escalate-crisis.ts): sent in a bot-initiated turn, never current.
// It reads the case inside the turn's transaction and marks the notice there, so it is said at most once
// and not at all when the case was closed meanwhile.
import { z } from "zod";
import { CRISIS_WAIT_FLOW } from "../../cases/escalate-crisis.ts";
import { CASE_PRIORITY } from "../../cases/ports.ts";
import { defineFlow, type FlowDeps } from "../flow.ts";
import type { Turn } from "../turn.ts";

const params = z.object({ caseId: z.string().uuid() });

/**
 * "Cancel" words stop a question, never a crisis: when the person has an open crisis case, says that it
 * stays open and a counsellor will still write. True when it said so.
 */
export async function sayCrisisStaysOpen(turn: Turn, deps: FlowDeps): Promise<boolean> {
  const open = await deps.stores.cases.findOpenCase(turn.person.id);
  if (!open || open.priority !== CASE_PRIORITY.crisis) return false;
  turn.say(turn.t("flows:crisis.staysOpen", { handle: open.handle }));
  return true;
}

export const crisisWaitFlow = defineFlow({
  name: CRISIS_WAIT_FLOW,
  state: z.object({}),
  async enter(turn, deps, input) {
    const p = params.safeParse(input);
    if (!p.success) return;
    const kase = await deps.stores.cases.findCaseById(p.data.caseId);
    if (!kase || kase.status !== "open" || kase.personId !== turn.person.id) return;
    // Whether a counsellor has written was checked by the caller just before (listWaitingCrises).
    if (!(await deps.stores.cases.markCrisisNotice(kase.id, deps.clock.now()))) return;
    turn.say(turn.t("flows:crisis.waitNotice", { handle: kase.handle }));
  },
  // Never the current flow (enter does not move the person); should a stored state name it, back to the menu.
  onChoice: (turn, deps) => deps.flows.enter("menu", turn, deps),
  onText: (turn, deps) => deps.flows.enter("menu", turn, deps),
});
