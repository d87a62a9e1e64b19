// A flow plugged in only by tests: the shape of a follow-up the bot starts itself ("Did you go to the
// group?"), used to check bot-initiated turns on every channel. It records each answer in its state.
import { z } from "zod";
import { defineFlow } from "../../src/core/conversation/flow.ts";

export const CHECK_IN_FLOW = "test_check_in";

export const checkInFlow = defineFlow({
  name: CHECK_IN_FLOW,
  state: z.object({ about: z.string().max(64).optional(), answer: z.string().optional() }),
  enter(turn, _deps, params) {
    turn.go(CHECK_IN_FLOW, "ask", { about: typeof params?.about === "string" ? params.about : "group" });
    turn.ask("Did you go to the group?", [
      { id: "went", label: "Yes, I went" },
      { id: "not_yet", label: "Not yet" },
      { id: "stop", label: "Stop asking" },
    ]);
  },
  onChoice(turn, deps, optionId) {
    turn.say(`check-in answer: ${optionId}`);
    turn.patchData({ answer: optionId });
    turn.go("menu", "idle", {});
    return deps.flows.enter("menu", turn, deps);
  },
  onText(turn) {
    turn.repeatMenu("Please pick one of the answers.");
  },
});
