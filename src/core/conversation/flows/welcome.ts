// First contact (and /start): a short privacy promise, then the language choice.
import { z } from "zod";
import { guessLanguage } from "../../../shared/text/guess-language.ts";
import { defineFlow } from "../flow.ts";

export const welcomeFlow = defineFlow({
  name: "welcome",
  state: z.object({}),
  commands: {
    start: (turn, deps) => deps.flows.enter("welcome", turn, deps),
    language: (turn, deps) => deps.flows.enter("welcome", turn, deps, { languageOnly: true }),
  },
  menuEntries: [{ id: "language", order: 50, run: (turn, deps) => deps.flows.enter("welcome", turn, deps, { languageOnly: true }) }],
  enter(turn, _deps, params) {
    if (!params?.languageOnly) turn.say(turn.t("flows:welcome.privacy"));
    turn.go("welcome", "language");
    // Language names are shown in their own language, whatever the current one is.
    turn.ask(turn.t("flows:welcome.chooseLanguage"), [
      { id: "vi", label: "Tiếng Việt" },
      { id: "en", label: "English" },
    ]);
  },
  async onChoice(turn, deps, optionId) {
    const locale = optionId === "en" ? "en" : "vi";
    if (locale !== turn.person.locale) {
      await deps.stores.people.updatePerson(turn.person.id, { locale });
      turn.person.locale = locale;
    }
    turn.say(turn.t("flows:welcome.languageSet"));
    return deps.flows.enter("menu", turn, deps);
  },
  // Words in a language we can tell (the dispatcher has already switched to it): take that as the choice.
  async onText(turn, deps, text) {
    if (turn.state.step === "language" && guessLanguage(text) === turn.person.locale) {
      turn.say(turn.t("flows:welcome.languageSet"));
      return deps.flows.enter("menu", turn, deps);
    }
    turn.repeatMenu(turn.t("common:options.notUnderstood"));
  },
});
