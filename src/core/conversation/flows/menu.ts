// The main menu (its entries come from every flow's `menuEntries`), the one-shot answers reachable
// from it (my requests, emergency numbers, help), and what happens to free text outside any question.
import { z } from "zod";
import { addToCase } from "../../cases/add-to-case.ts";
import { findOrReopenCase } from "../../cases/reopen-case.ts";
import { defineFlow, type FlowAction, type FlowDeps } from "../flow.ts";
import { sayCrisisStaysOpen } from "./crisis-wait.ts";
import type { Turn } from "../turn.ts";

const state = z.object({ pendingIds: z.array(z.string()).max(50).optional() });
type State = z.infer<typeof state>;

const toMenu: FlowAction = (turn, deps) => deps.flows.enter("menu", turn, deps);
/** Says something, then shows the menu again. */
const thenMenu =
  (say: (turn: Turn, deps: FlowDeps) => Promise<void> | void): FlowAction =>
  async (turn, deps) => {
    await say(turn, deps);
    return toMenu(turn, deps);
  };
const help = thenMenu((turn) => turn.say(turn.t("flows:help.text")));
const requests = thenMenu(showRequests);
const emergency = thenMenu(showEmergency);

export const menuFlow = defineFlow({
  name: "menu",
  state,
  commands: {
    menu: toMenu,
    help,
    requests,
    emergency,
    cancel: async (turn, deps) => {
      if (turn.state.flow === "intake") turn.say(turn.t("flows:intake.cancelled"));
      await sayCrisisStaysOpen(turn, deps);
      return toMenu(turn, deps);
    },
  },
  menuEntries: [
    { id: "requests", order: 30, run: requests },
    { id: "emergency", order: 40, run: emergency },
    { id: "help", order: 70, run: help },
  ],
  enter(turn, deps) {
    turn.go("menu", "main");
    turn.ask(
      turn.t("flows:menu.prompt"),
      deps.flows.menuEntries.map((e) => turn.option(e.id, `flows:menu.options.${e.id}`)),
    );
  },
  async onChoice(turn, deps, optionId) {
    if (optionId === "intake_from_text") return deps.flows.enter("intake", turn, deps, { storyIds: turn.data<State>().pendingIds ?? [] });
    const entry = deps.flows.menuEntries.find((e) => e.id === optionId);
    return entry ? entry.run(turn, deps) : toMenu(turn, deps);
  },
  onText: (turn, deps, text) => handleFreeText(turn, deps, text),
});

export async function showRequests(turn: Turn, deps: FlowDeps): Promise<void> {
  const cases = await deps.stores.cases.listCases(turn.person.id);
  if (cases.length === 0) {
    turn.say(turn.t("flows:requests.none"));
    return;
  }
  const lines = cases.map((c) =>
    turn.t("flows:requests.line", {
      handle: c.handle,
      concern: turn.t(`flows:intake.concern.options.${c.concern}`),
      status: turn.t(`flows:requests.status.${c.status}`),
      date: c.createdAt.toLocaleDateString(turn.locale === "vi" ? "vi-VN" : "en-GB", { timeZone: "Asia/Ho_Chi_Minh" }),
    }),
  );
  turn.say(`${turn.t("flows:requests.title")}\n\n${lines.join("\n")}\n\n${turn.t("flows:requests.footer")}`);
}

export function showEmergency(turn: Turn): void {
  turn.say(turn.t("common:emergency.numbers"));
}

/** Free text outside a question: it joins the open (or recently closed, reopened) request, or we offer to open one. */
export async function handleFreeText(turn: Turn, deps: FlowDeps, _text: string): Promise<void> {
  const open = await findOrReopenCase(deps, { personId: turn.person.id });
  if (open) {
    await addToCase(deps, { case: open, messageIds: turn.inboundIds });
    turn.say(turn.t("flows:freeText.addedToCase", { handle: open.handle }));
    return;
  }
  turn.go("menu", "offer", { pendingIds: turn.inboundIds } satisfies State);
  turn.ask(turn.t("flows:freeText.offer"), [
    turn.option("intake_from_text", "flows:freeText.options.send"),
    turn.option("menu", "flows:freeText.options.menu"),
  ]);
}
