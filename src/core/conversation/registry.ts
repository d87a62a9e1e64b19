// Builds the flow registry from the plug-in list, and reads a stored conversation back through the
// flows' state schemas so a row that no longer parses can never crash a turn.
import { AppError } from "../../shared/errors/app-error.ts";
import { z } from "zod";
import type { ConversationState } from "../ports.ts";
import type { FlowAction, FlowDefinition, FlowRegistry } from "./flow.ts";

export function createFlowRegistry(flows: readonly FlowDefinition[]): FlowRegistry {
  const byName = new Map<string, FlowDefinition>();
  const commands = new Map<string, FlowAction>();
  const entries: Array<{ id: string; order: number; run: FlowAction }> = [];
  const payloads: Array<{ prefix: string; run: NonNullable<FlowDefinition["startPayloads"]>[number]["run"] }> = [];
  const choices: Array<{ prefix: string; run: NonNullable<FlowDefinition["globalChoices"]>[number]["run"] }> = [];
  const interceptors: Array<NonNullable<FlowDefinition["interceptText"]>> = [];
  for (const flow of flows) {
    if (byName.has(flow.name)) throw new AppError("invalid_config", `two flows are named "${flow.name}"`);
    byName.set(flow.name, flow);
    for (const [name, action] of Object.entries(flow.commands ?? {})) {
      if (commands.has(name)) throw new AppError("invalid_config", `command "${name}" is declared by two flows (the second is "${flow.name}")`);
      commands.set(name, action);
    }
    entries.push(...(flow.menuEntries ?? []));
    payloads.push(...(flow.startPayloads ?? []));
    choices.push(...(flow.globalChoices ?? []));
    if (flow.interceptText) interceptors.push(flow.interceptText);
  }
  entries.sort((a, b) => a.order - b.order);
  return {
    get: (name) => byName.get(name),
    async enter(name, turn, deps, params) {
      const flow = byName.get(name);
      if (!flow) throw new AppError("internal", `no flow named "${name}"`);
      await flow.enter(turn, deps, params);
    },
    commands,
    menuEntries: entries.map(({ id, run }) => ({ id, run })),
    startPayload: (payload) => payloads.find((p) => payload.startsWith(p.prefix))?.run,
    globalChoice: (optionId) => choices.find((c) => optionId.startsWith(c.prefix))?.run,
    textInterceptors: interceptors,
  };
}

const menuSchema = z.object({ seq: z.number().int().nonnegative(), options: z.array(z.object({ id: z.string(), label: z.string() })) }).nullable();

export type StateCheck = { ok: true; state: ConversationState } | { ok: false; reason: string };

/** The stored state when its flow exists and its data and menu parse; otherwise why not. */
export function checkStoredState(registry: FlowRegistry, state: ConversationState): StateCheck {
  const flow = registry.get(state.flow);
  if (!flow) return { ok: false, reason: "unknown flow" };
  const data = flow.state.safeParse(state.data);
  if (!data.success) return { ok: false, reason: "state does not match the flow's schema" };
  const menu = menuSchema.safeParse(state.menu);
  if (!menu.success) return { ok: false, reason: "menu does not parse" };
  return { ok: true, state: { ...state, data: data.data, menu: menu.data } };
}
