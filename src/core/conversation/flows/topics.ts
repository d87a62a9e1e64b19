// Prevention topics: content lives in locales/<lng>/topics.json (title + 2–4 screens each).
import type { FlowDeps } from "../deps.ts";
import type { Turn } from "../turn.ts";
import type { Flow, FlowRegistry } from "./flow.ts";
import { handleFreeText } from "./menu.ts";

interface TopicContent {
  title: string;
  screens: string[];
}

function topics(turn: Turn, deps: FlowDeps): Record<string, TopicContent> {
  return deps.translator.raw<Record<string, TopicContent>>(turn.locale, "topics:topics") ?? {};
}

export function createTopicsFlow(flows: () => FlowRegistry): Flow {
  const list = (turn: Turn, deps: FlowDeps) => {
    turn.go("topics", "list");
    const options = Object.entries(topics(turn, deps)).map(([id, t]) => ({ id: `t_${id}`, label: t.title }));
    turn.ask(turn.t("flows:topics.prompt"), [...options, turn.option("menu", "flows:common.backToMenu")]);
  };

  const show = (turn: Turn, deps: FlowDeps, topicId: string, screen: number) => {
    const topic = topics(turn, deps)[topicId];
    const text = topic?.screens[screen];
    if (!topic || text === undefined) return list(turn, deps);
    turn.go("topics", "read", { topic: topicId, screen });
    const last = screen === topic.screens.length - 1;
    const page = turn.t("flows:topics.page", { title: topic.title, n: screen + 1, total: topic.screens.length });
    turn.ask(`${page}\n\n${text}`, [
      ...(last ? [] : [turn.option("next", "flows:topics.next")]),
      turn.option("list", "flows:topics.other"),
      turn.option("intake", "flows:topics.askForHelp"),
      turn.option("menu", "flows:common.backToMenu"),
    ]);
  };

  return {
    enter: list,
    onChoice(turn, deps, optionId) {
      if (optionId.startsWith("t_")) return show(turn, deps, optionId.slice(2), 0);
      if (optionId === "next") return show(turn, deps, String(turn.state.data.topic), Number(turn.state.data.screen) + 1);
      if (optionId === "list") return list(turn, deps);
      if (optionId === "intake") return flows().intake.enter(turn, deps);
      return flows().menu.enter(turn, deps);
    },
    onText: (turn, deps, text) => handleFreeText(turn, deps, text),
  };
}
