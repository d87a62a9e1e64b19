// Routes one inbound event to the right flow: start payloads and commands first, then stale-button
// checks, danger triage on any text, option matching, and finally the current flow's own text handling.
import { cleanInboundText, hasNoWords, truncateText } from "../../shared/text/fold.ts";
import { guessLanguage } from "../../shared/text/guess-language.ts";
import { findOrReopenCase } from "../cases/reopen-case.ts";
import { raiseCase } from "../cases/raise-case.ts";
import type { InboundEvent } from "../ports.ts";
import type { FlowDefinition, FlowDeps } from "./flow.ts";
import { finishIntake } from "./flows/intake.ts";
import type { Turn } from "./turn.ts";
import type { DangerResult } from "../triage/index.ts";
import { crisisReply } from "./crisis-reply.ts";

export const MAX_TEXT_LENGTH = 4000;

const currentFlow = (turn: Turn, deps: FlowDeps): FlowDefinition => deps.flows.get(turn.state.flow) ?? deps.flows.get("menu")!;

export async function dispatchEvent(turn: Turn, deps: FlowDeps, event: InboundEvent, firstContact: boolean): Promise<void> {
  switch (event.kind) {
    case "start": {
      const run = event.payload ? deps.flows.startPayload(event.payload) : undefined;
      if (run && event.payload) return run(turn, deps, event.payload);
      // Unknown payloads just start.
      return deps.flows.enter("welcome", turn, deps);
    }
    case "unsupported":
      if (firstContact) return deps.flows.enter("welcome", turn, deps);
      turn.say(turn.t("common:input.onlyText"));
      turn.repeatMenu(turn.t("common:options.stillWaiting"));
      return;
    case "choice":
      return dispatchChoice(turn, deps, event);
    case "text":
      return dispatchText(turn, deps, event.text, firstContact);
  }
}

async function dispatchChoice(turn: Turn, deps: FlowDeps, event: Extract<InboundEvent, { kind: "choice" }>): Promise<void> {
  const global = deps.flows.globalChoice(event.optionId);
  if (global) return ((turn.tapped = true), global(turn, deps, event.optionId));
  const menu = turn.state.menu;
  const option = menu?.seq === event.menuSeq ? menu.options.find((o) => o.id === event.optionId) : undefined;
  if (!option) {
    turn.say(turn.t("common:options.stale"));
    if (!turn.repeatMenu(turn.t("common:options.current"))) await deps.flows.enter("menu", turn, deps);
    return;
  }
  turn.tapped = true;
  return currentFlow(turn, deps).onChoice(turn, deps, option.id);
}

async function dispatchText(turn: Turn, deps: FlowDeps, raw: string, firstContact: boolean): Promise<void> {
  let text = cleanInboundText(raw);
  if (text.length > MAX_TEXT_LENGTH) {
    text = truncateText(text, MAX_TEXT_LENGTH);
    turn.say(turn.t("common:input.tooLong", { max: MAX_TEXT_LENGTH }));
  }
  if (text === "") {
    turn.say(turn.t("common:input.empty"));
    if (!turn.repeatMenu(turn.t("common:options.stillWaiting")) && firstContact) await deps.flows.enter("welcome", turn, deps);
    return;
  }
  await adoptTextLanguage(turn, deps, text, firstContact);
  const danger = deps.detectDanger(text);
  if (danger.crisis) return handleDanger(turn, deps, danger);
  return dispatchPlainText(turn, deps, text, firstContact);
}

/**
 * The first words propose the language: on first contact, or while the language question is still
 * open (the web chat asks it at once), a message clearly in the other language switches the person to
 * it before anything is answered, so an English first message (a crisis too) is answered in English.
 * The language can still be changed from the menu.
 */
async function adoptTextLanguage(turn: Turn, deps: FlowDeps, text: string, firstContact: boolean): Promise<void> {
  const choosing = turn.state.flow === "welcome" && turn.state.step === "language";
  if (!firstContact && !choosing) return;
  const guess = guessLanguage(text);
  if (!guess || guess === turn.person.locale) return;
  await deps.stores.people.updatePerson(turn.person.id, { locale: guess });
  turn.person.locale = guess;
}

/** Order: the options on screen by number or full label, then global commands, then part of a label. */
async function dispatchPlainText(turn: Turn, deps: FlowDeps, text: string, firstContact: boolean): Promise<void> {
  if (!firstContact) for (const intercept of deps.flows.textInterceptors) if (await intercept(turn, deps, text)) return;
  const menu = firstContact ? null : turn.state.menu;
  const current = currentFlow(turn, deps);
  const exact = menu ? deps.matcher.option(text, menu.options, "exact") : undefined;
  if (exact === "out-of-range") {
    turn.repeatMenu(turn.t("common:options.outOfRange", { max: menu?.options.length ?? 0 }));
    return;
  }
  if (exact) return current.onChoice(turn, deps, exact.id);
  const command = deps.matcher.command(text);
  const action = command ? deps.flows.commands.get(command) : undefined;
  if (action) return action(turn, deps);
  if (firstContact) return deps.flows.enter("welcome", turn, deps);
  if (/^\/\w/.test(text)) {
    turn.say(turn.t("common:input.unknownCommand", { command: text.split(/\s/)[0]!.slice(0, 32) }));
    return deps.flows.enter("menu", turn, deps);
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

/**
 * Danger words: the crisis reply (numbers and first steps for the kind) goes out first, in the person's
 * language, and the request jumps the queue — the open one is raised to crisis, or a crisis request is
 * opened from whatever is known.
 */
async function handleDanger(turn: Turn, deps: FlowDeps, danger: DangerResult): Promise<void> {
  const categories: string[] = danger.categories;
  turn.post(crisisReply(deps.translator, turn.locale, danger.kind));
  const open = await findOrReopenCase(deps, { personId: turn.person.id });
  if (open) {
    await raiseCase(deps, { case: open, dangerFlags: categories, messageIds: turn.inboundIds });
    turn.say(turn.t("flows:triage.raised", { handle: open.handle }));
    if (turn.state.flow === "intake") await deps.flows.enter("menu", turn, deps);
    return;
  }
  if (turn.state.flow !== "intake") turn.go("intake", "story", {});
  const storyIds = turn.data<{ storyIds: string[] }>().storyIds ?? [];
  turn.patchData({ danger: categories, storyIds: [...storyIds, ...turn.inboundIds] });
  await finishIntake(turn, deps);
}
