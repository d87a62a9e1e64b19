// Splits text into word tokens. Each token has an exact form (diacritics kept, tone mark position
// canonicalised), a folded form (no marks, đ→d), and `bare`: typed without any Vietnamese mark, so it may
// stand for any word with the same letters. Sentence punctuation becomes a break no phrase can span.
import { foldText, normaliseWords } from "../../shared/text/fold.ts";

/** Never produced by a real word and never a trie key, so matches stop at it. */
export const BREAK_TOKEN = "\u0000";

export interface Token {
  exact: string;
  folded: string;
  bare: boolean;
  /** Index of the typed word this one comes from (shorthand may turn one word into several). */
  src?: number;
}

export interface Tokens {
  exact: string[];
  folded: string[];
}

// Where a sentence or clause ends: "con bị đánh. Giá như…" must not read as "bị đánh giá".
const CLAUSE_BREAK = /[.,;:!?…\n]+/u;
// The five Vietnamese tone marks (grave, acute, tilde, hook above, dot below) in NFD.
const TONE_MARKS = /[\u0300\u0301\u0303\u0309\u0323]/gu;
const ANY_MARK = /[\u0300-\u036f]|đ/u;

export const BREAK: Token = Object.freeze({ exact: BREAK_TOKEN, folded: BREAK_TOKEN, bare: true });

/**
 * One word with its tone mark moved to the end, so old-style "hoà", "thuỷ" and new-style "hòa", "thủy"
 * compare equal while "tự tử" and "từ từ" stay different. The result is a comparison key, not display text.
 */
export function canonicalTone(word: string): string {
  const nfd = word.normalize("NFD");
  const tones = nfd.match(TONE_MARKS);
  return tones === null ? nfd : nfd.replace(TONE_MARKS, "") + tones.join("");
}

/** A token for one already-lower-cased word. */
export function makeToken(word: string): Token {
  const exact = canonicalTone(word);
  return { exact, folded: foldText(word), bare: !ANY_MARK.test(exact) };
}

/** Tokens with BREAK between clauses; never starts or ends with BREAK. */
export function tokenise(text: string): Token[] {
  const out: Token[] = [];
  for (const clause of text.split(CLAUSE_BREAK)) {
    const words = normaliseWords(clause);
    if (words === "") continue;
    if (out.length > 0) out.push({ ...BREAK, src: out.length });
    for (const word of words.split(" ")) {
      const token = makeToken(word);
      if (token.folded !== "") out.push({ ...token, src: out.length });
    }
  }
  return out;
}

/** The exact and folded forms as parallel arrays (kept for callers of the first version). */
export function tokeniseMessage(text: string): Tokens {
  const tokens = tokenise(text);
  return { exact: tokens.map((t) => t.exact), folded: tokens.map((t) => t.folded) };
}
