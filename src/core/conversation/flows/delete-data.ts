// "Delete my data" (/xoa, XOA, /delete or the menu): asks once, then erases the person's messages,
// requests and conversation. The confirmation is the last thing sent and is not stored.
import { z } from "zod";
import { defineFlow, type FlowAction } from "../flow.ts";

const enter: FlowAction = (turn, deps) => deps.flows.enter("delete", turn, deps);

export const deleteFlow = defineFlow({
  name: "delete",
  state: z.object({}),
  commands: { delete: enter },
  menuEntries: [{ id: "delete", order: 60, run: enter }],
  enter(turn) {
    turn.go("delete", "confirm");
    turn.ask(turn.t("flows:delete.confirm"), [turn.option("yes", "flows:delete.options.yes"), turn.option("no", "flows:delete.options.no")]);
  },
  async onChoice(turn, deps, optionId) {
    if (optionId !== "yes") {
      turn.say(turn.t("flows:delete.kept"));
      return deps.flows.enter("menu", turn, deps);
    }
    await deps.stores.people.deletePersonData(turn.person.id);
    turn.erased = true;
    turn.say(turn.t("flows:delete.done"));
  },
  onText(turn) {
    turn.repeatMenu(turn.t("flows:delete.pleaseChoose"));
  },
});
