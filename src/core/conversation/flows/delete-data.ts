// "Delete my data" (/xoa, XOA, /delete or the menu): asks once, then erases the person's messages,
// requests and conversation. The confirmation is the last thing sent and is not stored.
import type { Flow, FlowRegistry } from "./flow.ts";

export function createDeleteFlow(flows: () => FlowRegistry): Flow {
  return {
    enter(turn) {
      turn.go("delete", "confirm");
      turn.ask(turn.t("flows:delete.confirm"), [turn.option("yes", "flows:delete.options.yes"), turn.option("no", "flows:delete.options.no")]);
    },
    async onChoice(turn, deps, optionId) {
      if (optionId !== "yes") {
        turn.say(turn.t("flows:delete.kept"));
        return flows().menu.enter(turn, deps);
      }
      await deps.store.deletePersonData(turn.person.id);
      turn.erased = true;
      turn.say(turn.t("flows:delete.done"));
    },
    onText(turn) {
      turn.repeatMenu(turn.t("flows:delete.pleaseChoose"));
    },
  };
}
