// Routes one inbound event to the right flow: start and commands first, then stale-button checks,
// danger triage on any text, option matching, and finally the current flow's own text handling.
import { cleanInboundText, hasNoWords, truncateText } from "../../shared/text/fold.ts";
import { CASE_PRIORITY, type InboundEvent } from "../ports.ts";
import type { FlowDeps } from "./deps.ts";
import type { Command } from "./match-input.ts";
import type { FlowName, FlowRegistry } from "./flows/flow.ts";
import { finishIntake } from "./flows/intake.ts";
import { openOrReopenCase, showEmergency, showRequests } from "./flows/menu.ts";
import type { Turn } from "./turn.ts";

export const MAX_TEXT_LENGTH = 4000;

export async function dispatchEvent(turn: Turn, deps: FlowDeps, flows: FlowRegistry, event: InboundEvent, firstContact: boolean): Promise<void> {
  const flow = flows[turn.state.flow as FlowName] ?? flows.menu;
  switch (event.kind) {
    case "start":
      // Payloads (club codes, referral follow-ups) are routed by later features; unknown ones just start.
      return flows.welcome.enter(turn, deps);
    case "unsupported":
      if (firstContact) return flows.welcome.enter(turn, deps);
      turn.say(turn.t("common:input.onlyText"));
      turn.repeatMenu(turn.t("common:options.stillWaiting"));
      return;
    case "choice": {
      const menu = turn.state.menu;
      const option = menu?.seq === event.menuSeq ? menu.options.find((o) => o.id === event.optionId) : undefined;
      if (!option) {
        turn.say(turn.t("common:options.stale"));
        if (!turn.repeatMenu(turn.t("common:options.current"))) await flows.menu.enter(turn, deps);
        return;
      }
      return flow.onChoice(turn, deps, option.id);
    }
    case "text":
      return dispatchText(turn, deps, flows, event.text, firstContact);
  }
}

async function dispatchText(turn: Turn, deps: FlowDeps, flows: FlowRegistry, raw: string, firstContact: boolean): Promise<void> {
  let text = cleanInboundText(raw);
  if (text.length > MAX_TEXT_LENGTH) {
    text = truncateText(text, MAX_TEXT_LENGTH);
    turn.say(turn.t("common:input.tooLong", { max: MAX_TEXT_LENGTH }));
  }
  if (text === "") {
    turn.say(turn.t("common:input.empty"));
    if (!turn.repeatMenu(turn.t("common:options.stillWaiting")) && firstContact) await flows.welcome.enter(turn, deps);
    return;
  }
  const danger = deps.detectDanger(text);
  if (danger.crisis) return handleDanger(turn, deps, flows, danger.categories);

  // Order: the options on screen by number or full label, then global commands, then part of a label.
  const menu = firstContact ? null : turn.state.menu;
  const current = flows[turn.state.flow as FlowName] ?? flows.menu;
  const exact = menu ? deps.matcher.option(text, menu.options, "exact") : undefined;
  if (exact === "out-of-range") {
    turn.repeatMenu(turn.t("common:options.outOfRange", { max: menu?.options.length ?? 0 }));
    return;
  }
  if (exact) return current.onChoice(turn, deps, exact.id);
  const command = deps.matcher.command(text);
  if (command) return runCommand(turn, deps, flows, command);
  if (firstContact) return flows.welcome.enter(turn, deps);
  if (/^\/\w/.test(text)) {
    turn.say(turn.t("common:input.unknownCommand", { command: text.split(/\s/)[0]!.slice(0, 32) }));
    return flows.menu.enter(turn, deps);
  }
  const partial = menu ? deps.matcher.option(text, menu.options, "partial") : undefined;
  if (partial && partial !== "out-of-range") return current.onChoice(turn, deps, partial.id);
  if (hasNoWords(text) && turn.state.step !== "story") {
    turn.say(turn.t("common:input.noWords"));
    turn.repeatMenu(turn.t("common:options.stillWaiting"));
    return;
  }
  return current.onText(turn, deps, text);
}

async function runCommand(turn: Turn, deps: FlowDeps, flows: FlowRegistry, command: Command): Promise<void> {
  switch (command) {
    case "start":
      return flows.welcome.enter(turn, deps);
    case "menu":
      return flows.menu.enter(turn, deps);
    case "cancel":
      if (turn.state.flow === "intake") turn.say(turn.t("flows:intake.cancelled"));
      return flows.menu.enter(turn, deps);
    case "help":
      turn.say(turn.t("flows:help.text"));
      return flows.menu.enter(turn, deps);
    case "requests":
      await showRequests(turn, deps);
      return flows.menu.enter(turn, deps);
    case "emergency":
      showEmergency(turn);
      return flows.menu.enter(turn, deps);
    case "language":
      return flows.welcome.enter(turn, deps, { languageOnly: true });
    case "delete":
      return flows.delete.enter(turn, deps);
  }
}

/**
 * Danger words: emergency numbers go out first, in the person's language, and the request jumps the
 * queue — the open one is raised to crisis, or a crisis request is opened from whatever is known.
 */
async function handleDanger(turn: Turn, deps: FlowDeps, flows: FlowRegistry, categories: string[]): Promise<void> {
  turn.say(turn.t("common:emergency.danger"));
  const open = await openOrReopenCase(turn, deps);
  if (open) {
    const flags = [...new Set([...open.dangerFlags, ...categories])].sort();
    await deps.store.updateCase(open.id, { priority: CASE_PRIORITY.crisis, dangerFlags: flags, lastPersonMessageAt: deps.clock.now() });
    await deps.store.linkMessagesToCase(turn.inboundIds, open.id);
    if (open.priority !== CASE_PRIORITY.crisis) await deps.caseEvents?.caseUrgent({ caseId: open.id, priority: CASE_PRIORITY.crisis });
    turn.say(turn.t("flows:triage.raised", { handle: open.handle }));
    if (turn.state.flow === "intake") await flows.menu.enter(turn, deps);
    return;
  }
  if (turn.state.flow !== "intake") turn.go("intake", "story", {});
  const storyIds = (turn.state.data.storyIds as string[] | undefined) ?? [];
  turn.patchData({ danger: categories, storyIds: [...storyIds, ...turn.inboundIds] });
  await finishIntake(turn, deps, flows);
}
