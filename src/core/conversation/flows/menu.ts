// The main menu, the one-shot answers reachable from it (my requests, emergency numbers, help),
// and what happens to free text outside any question.
import type { CaseRecord } from "../../ports.ts";
import type { FlowDeps } from "../deps.ts";
import type { Turn } from "../turn.ts";
import type { Flow, FlowRegistry } from "./flow.ts";

const MAIN_OPTIONS = ["topics", "intake", "requests", "emergency", "language", "delete", "help"] as const;

export function createMenuFlow(flows: () => FlowRegistry): Flow {
  return {
    enter(turn) {
      turn.go("menu", "main");
      turn.ask(turn.t("flows:menu.prompt"), MAIN_OPTIONS.map((id) => turn.option(id, `flows:menu.options.${id}`)));
    },
    async onChoice(turn, deps, optionId) {
      const f = flows();
      switch (optionId) {
        case "topics":
          return f.topics.enter(turn, deps);
        case "intake":
          return f.intake.enter(turn, deps);
        case "intake_from_text":
          return f.intake.enter(turn, deps, { storyIds: turn.state.data.pendingIds ?? [] });
        case "requests":
          await showRequests(turn, deps);
          return f.menu.enter(turn, deps);
        case "emergency":
          showEmergency(turn);
          return f.menu.enter(turn, deps);
        case "language":
          return f.welcome.enter(turn, deps, { languageOnly: true });
        case "delete":
          return f.delete.enter(turn, deps);
        case "help":
          turn.say(turn.t("flows:help.text"));
          return f.menu.enter(turn, deps);
        default:
          return f.menu.enter(turn, deps);
      }
    },
    onText: (turn, deps, text) => handleFreeText(turn, deps, text),
  };
}

export async function showRequests(turn: Turn, deps: FlowDeps): Promise<void> {
  const cases = await deps.store.listCases(turn.person.id);
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

/** A closed request comes back when the person writes again within this many days. */
export const REOPEN_WITHIN_DAYS = 30;

/** The open request, else the latest one closed within REOPEN_WITHIN_DAYS, reopened; null when none. */
export async function openOrReopenCase(turn: Turn, deps: FlowDeps): Promise<CaseRecord | null> {
  const open = await deps.store.findOpenCase(turn.person.id);
  if (open) return open;
  return deps.store.reopenLatestCase(turn.person.id, new Date(deps.clock.now().getTime() - REOPEN_WITHIN_DAYS * 86_400_000));
}

/** Free text outside a question: it joins the open (or recently closed, reopened) request, or we offer to open one. */
export async function handleFreeText(turn: Turn, deps: FlowDeps, _text: string): Promise<void> {
  const open = await openOrReopenCase(turn, deps);
  if (open) {
    await deps.store.linkMessagesToCase(turn.inboundIds, open.id);
    await deps.store.updateCase(open.id, { lastPersonMessageAt: deps.clock.now() });
    turn.say(turn.t("flows:freeText.addedToCase", { handle: open.handle }));
    return;
  }
  turn.go("menu", "offer", { pendingIds: turn.inboundIds });
  turn.ask(turn.t("flows:freeText.offer"), [turn.option("intake_from_text", "flows:freeText.options.send"), turn.option("menu", "flows:freeText.options.menu")]);
}
