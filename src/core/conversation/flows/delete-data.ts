// "Delete my data" (/xoa, XOA, /delete or the menu): asks once, then erases the person's messages,
// requests and conversation. The confirmation is the last thing sent and is not stored.
import { z } from "zod";
import type { ChannelName } from "../../ports.ts";
import { defineFlow, type FlowAction } from "../flow.ts";

/**
 * Channels where erasure needs a tap on the confirmation menu on screen (its menuSeq is checked), not a typed
 * "1" or "yes": on the web chat a typed message is the easiest thing for another page to forge.
 */
const TAP_TO_CONFIRM: ReadonlySet<ChannelName> = new Set(["webchat"]);

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
    if (TAP_TO_CONFIRM.has(turn.person.channel) && !turn.tapped) {
      turn.repeatMenu(turn.t("flows:delete.tapToConfirm"));
      return;
    }
    await deps.stores.people.deletePersonData(turn.person.id);
    turn.erased = true;
    turn.say(turn.t("flows:delete.done"));
  },
  onText(turn) {
    turn.repeatMenu(turn.t("flows:delete.pleaseChoose"));
  },
});
