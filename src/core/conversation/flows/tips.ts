// Opt-in tips from the chat: "nhận mẹo"/"tips" (or the menu) subscribes and asks, optionally, the
// province (so staff can reach the subscribers of an area); "hủy mẹo"/"stop tips" unsubscribes.
import { z } from "zod";
import { firstTipAt, STOP_TIPS_OPTION } from "../../broadcasts/tips.ts";
import { defineFlow, type FlowAction } from "../flow.ts";
import type { Turn } from "../turn.ts";

const state = z.object({});
const MAX_PICK = 8;

const toMenu: FlowAction = (turn, deps) => deps.flows.enter("menu", turn, deps);

function askProvince(turn: Turn) {
  turn.go("tips", "province");
  turn.ask(turn.t("broadcasts:chat.askProvince"), [turn.option("skip", "broadcasts:chat.skipProvince"), turn.option("menu", "flows:common.backToMenu")]);
}

const subscribe: FlowAction = async (turn, deps) => {
  const now = deps.clock.now();
  const { already } = await deps.stores.tips.subscribe({ personId: turn.person.id, provinceCode: null, now, firstDueAt: firstTipAt(now) });
  turn.say(turn.t(already ? "broadcasts:chat.already" : "broadcasts:chat.subscribed"));
  askProvince(turn);
};

const unsubscribe: FlowAction = async (turn, deps) => {
  const stopped = await deps.stores.tips.unsubscribe(turn.person.id, deps.clock.now());
  turn.say(turn.t(stopped ? "broadcasts:chat.unsubscribed" : "broadcasts:chat.notSubscribed"));
  return toMenu(turn, deps);
};

export const tipsFlow = defineFlow({
  name: "tips",
  state,
  commands: { tips: subscribe, stop_tips: unsubscribe },
  menuEntries: [{ id: "tips", order: 80, run: subscribe }],
  // The button under every tip, answered whatever is on screen.
  globalChoices: [{ prefix: STOP_TIPS_OPTION, run: unsubscribe }],
  enter: subscribe,
  async onChoice(turn, deps, optionId) {
    if (optionId.startsWith("p")) {
      await deps.stores.tips.setProvince(turn.person.id, Number(optionId.slice(1)));
      turn.say(turn.t("broadcasts:chat.provinceSaved", { name: deps.areas.province(Number(optionId.slice(1)))?.name ?? "" }));
    }
    return toMenu(turn, deps);
  },
  async onText(turn, deps, text) {
    const matches = deps.areas.findProvinces(text);
    if (matches.length === 1) {
      await deps.stores.tips.setProvince(turn.person.id, matches[0]!.code);
      turn.say(turn.t("broadcasts:chat.provinceSaved", { name: matches[0]!.name }));
      return toMenu(turn, deps);
    }
    if (matches.length === 0 || matches.length > MAX_PICK) return void turn.repeatMenu(turn.t("broadcasts:chat.provinceNotFound"));
    turn.ask(turn.t("broadcasts:chat.pickProvince"), [
      ...matches.map((m) => ({ id: `p${m.code}`, label: m.name })),
      turn.option("skip", "broadcasts:chat.skipProvince"),
    ]);
  },
});
