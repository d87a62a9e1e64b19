// Resolves what a person typed against the options on screen and the global commands, tolerating
// missing diacritics, case, punctuation, number words ("hai", "two") and the option's own words.
import { foldText } from "../../shared/text/fold.ts";
import type { MenuOption } from "../ports.ts";

/** A global command's name, e.g. "delete"; flows declare which they answer (flow.ts). */
export type Command = string;

export interface InputCatalogue {
  numbers: Record<string, string[]>;
  /** Per command name: its slash commands and phrases in one language (locales/<lng>/input.json). */
  commands: Record<string, string[]>;
}

/** Precompiled, folded lookup tables built once from every locale's input.json. */
export interface InputMatcher {
  command(text: string): Command | undefined;
  /**
   * The option chosen by `text`, "out-of-range" for a number outside the menu, or undefined.
   * "exact": a number, a number word or the whole label; "partial" also accepts a distinctive part of one label.
   */
  option(text: string, options: MenuOption[], mode?: "exact" | "partial"): MenuOption | "out-of-range" | undefined;
}

/** `commandNames` limits the commands to those some flow answers (default: every one in the catalogues). */
export function createInputMatcher(catalogues: InputCatalogue[], commandNames?: readonly string[]): InputMatcher {
  const numberWords = new Map<string, number>();
  const commandWords = new Map<string, Command>();
  for (const cat of catalogues) {
    for (const [n, words] of Object.entries(cat.numbers)) for (const w of words) numberWords.set(foldText(w), Number(n));
    for (const [c, words] of Object.entries(cat.commands)) {
      if (commandNames && !commandNames.includes(c)) continue;
      for (const w of words) commandWords.set(foldCommand(w), c);
    }
  }

  const asNumber = (folded: string): number | undefined => {
    const m = /^(?:so |số |number |no |#)?(\d{1,3})$/.exec(folded);
    if (m) return Number(m[1]);
    return numberWords.get(folded) ?? numberWords.get(folded.replace(/^(so|number|chon|lua chon) /, ""));
  };

  return {
    command(text) {
      return commandWords.get(foldCommand(text));
    },
    option(text, options, mode = "partial") {
      const folded = foldText(text);
      if (folded === "") return undefined;
      const n = asNumber(folded);
      if (n !== undefined) return options[n - 1] ?? "out-of-range";
      const labels = options.map((o) => ({ o, label: foldText(stripNumbering(o.label)) }));
      const exact = labels.find((l) => l.label === folded);
      if (exact) return exact.o;
      // A reply that is a distinctive part of exactly one label ("ma tuy" for "Ma túy và người thân").
      if (mode === "partial" && folded.length >= 3) {
        const partial = labels.filter((l) => containsWords(l.label, folded));
        if (partial.length === 1) return partial[0]!.o;
      }
      return undefined;
    },
  };
}

/** Slash commands keep their slash; "/xoa@MyBot" (Telegram groups) loses the bot name. */
function foldCommand(text: string): string {
  const t = text.trim();
  if (t.startsWith("/")) return "/" + foldText(t.slice(1).split(/[@\s]/)[0] ?? "");
  return foldText(t);
}

function stripNumbering(label: string): string {
  return label.replace(/^\s*\d+[.)]\s*/, "");
}

function containsWords(haystack: string, needle: string): boolean {
  return ` ${haystack} `.includes(` ${needle} `);
}
