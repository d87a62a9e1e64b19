// First contact (and /start): a short privacy promise, then the language choice.
import type { Flow, FlowRegistry } from "./flow.ts";

export function createWelcomeFlow(flows: () => FlowRegistry): Flow {
  return {
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
        await deps.store.updatePerson(turn.person.id, { locale });
        turn.person.locale = locale;
      }
      turn.say(turn.t("flows:welcome.languageSet"));
      return flows().menu.enter(turn, deps);
    },
    onText(turn) {
      turn.repeatMenu(turn.t("common:options.notUnderstood"));
    },
  };
}
