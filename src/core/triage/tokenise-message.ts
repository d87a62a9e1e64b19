// Splits text into word tokens in two parallel forms: exact (diacritics kept, tone mark position
// canonicalised) and folded (no marks, đ→d). Sentence punctuation becomes a break no phrase can span.
import { foldText, normaliseWords } from "../../shared/text/fold.ts";

/** Never produced by a real word and never a trie key, so matches stop at it. */
export const BREAK_TOKEN = "\u0000";

export interface Tokens {
  exact: string[];
  folded: string[];
}

// Where a sentence or clause ends: "con bị đánh. Giá như…" must not read as "bị đánh giá".
const CLAUSE_BREAK = /[.,;:!?…\n]+/u;
// The five Vietnamese tone marks (grave, acute, tilde, hook above, dot below) in NFD.
const TONE_MARKS = /[\u0300\u0301\u0303\u0309\u0323]/gu;

/**
 * One word with its tone mark moved to the end, so old-style "hoà", "thuỷ" and new-style "hòa", "thủy"
 * compare equal while "tự tử" and "từ từ" stay different. The result is a comparison key, not display text.
 */
export function canonicalTone(word: string): string {
  const nfd = word.normalize("NFD");
  const tones = nfd.match(TONE_MARKS);
  return tones === null ? nfd : nfd.replace(TONE_MARKS, "") + tones.join("");
}

export function tokeniseMessage(text: string): Tokens {
  const exact: string[] = [];
  const folded: string[] = [];
  for (const clause of text.split(CLAUSE_BREAK)) {
    const words = normaliseWords(clause);
    if (words === "") continue;
    if (exact.length > 0) {
      exact.push(BREAK_TOKEN);
      folded.push(BREAK_TOKEN);
    }
    for (const word of words.split(" ")) {
      exact.push(canonicalTone(word));
      folded.push(foldText(word));
    }
  }
  return { exact, folded };
}
