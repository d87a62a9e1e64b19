// Prevention topics: content lives in locales/<lng>/topics.json (title + 2–4 screens each).
import { z } from "zod";
import type { FlowDeps } from "../flow.ts";
import { defineFlow, type FlowAction } from "../flow.ts";
import type { Turn } from "../turn.ts";
import { handleFreeText } from "./menu.ts";

interface TopicContent {
  title: string;
  screens: string[];
}

const state = z.object({ topic: z.string().max(64).optional(), screen: z.number().int().min(0).max(50).optional() });
type State = z.infer<typeof state>;

function topics(turn: Turn, deps: FlowDeps): Record<string, TopicContent> {
  return deps.translator.raw<Record<string, TopicContent>>(turn.locale, "topics:topics") ?? {};
}

const list: FlowAction = (turn, deps) => {
  turn.go("topics", "list");
  const options = Object.entries(topics(turn, deps)).map(([id, t]) => ({ id: `t_${id}`, label: t.title }));
  turn.ask(turn.t("flows:topics.prompt"), [...options, turn.option("menu", "flows:common.backToMenu")]);
};

function show(turn: Turn, deps: FlowDeps, topicId: string, screen: number) {
  const topic = topics(turn, deps)[topicId];
  const text = topic?.screens[screen];
  if (!topic || text === undefined) return list(turn, deps);
  turn.go("topics", "read", { topic: topicId, screen } satisfies State);
  const last = screen === topic.screens.length - 1;
  const page = turn.t("flows:topics.page", { title: topic.title, n: screen + 1, total: topic.screens.length });
  turn.ask(`${page}\n\n${text}`, [
    ...(last ? [] : [turn.option("next", "flows:topics.next")]),
    turn.option("list", "flows:topics.other"),
    turn.option("intake", "flows:topics.askForHelp"),
    turn.option("menu", "flows:common.backToMenu"),
  ]);
}

export const topicsFlow = defineFlow({
  name: "topics",
  state,
  menuEntries: [{ id: "topics", order: 10, run: list }],
  enter: list,
  onChoice(turn, deps, optionId) {
    const data = turn.data<State>();
    if (optionId.startsWith("t_")) return show(turn, deps, optionId.slice(2), 0);
    if (optionId === "next") return show(turn, deps, data.topic ?? "", (data.screen ?? 0) + 1);
    if (optionId === "list") return list(turn, deps);
    if (optionId === "intake") return deps.flows.enter("intake", turn, deps);
    return deps.flows.enter("menu", turn, deps);
  },
  onText: (turn, deps, text) => handleFreeText(turn, deps, text),
});
