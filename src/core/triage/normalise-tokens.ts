// Applies one language's shorthand table (locales/<lng>/shorthand.json) to tokens after folding:
// whole-word abbreviations ("ko" → không), a word after a number ("15t", "15 t" → 15 tuổi), repeated
// letters ("cuuuu" → cứu), teencode spellings ("wá" → quá) and inflections ("keeps" → keep). Repairs of unknown words are accepted only
// when they produce a word some phrase or table uses, so ordinary words are left alone.
// Words produced here are interpretations, not what was typed: they match as if typed without marks.
import { makeToken, type Token } from "./tokenise-message.ts";
import type { ShorthandFile } from "./shorthand-schema.ts";

export interface ShorthandTable {
  /** Keyed by the typed word's exact (tone-canonical) form. */
  readonly words: ReadonlyMap<string, readonly Token[]>;
  readonly afterNumber: ReadonlyMap<string, readonly Token[]>;
  readonly swaps: readonly (readonly [string, string])[];
  readonly suffixes: readonly (readonly [string, string])[];
}

const NUMBER = /^\d{1,6}$/;
const NUMBER_WITH_SUFFIX = /^(\d{1,6})([a-z]+)$/;

/** Marks an interpretation: matched as typed without diacritics. */
function interpreted(words: string): Token[] {
  // Split like the tokeniser does (apostrophes split words: "won't" is 'won t'), or the words never match.
  return words.split(/[\s'’]+/).flatMap((w) => {
    const t = makeToken(w);
    return t.folded === "" ? [] : [{ exact: t.folded, folded: t.folded, bare: true }];
  });
}

export function compileShorthand(file: ShorthandFile): ShorthandTable {
  const words = new Map<string, Token[]>();
  for (const entry of file.tokens) for (const from of entry.from) words.set(makeToken(from).exact, interpreted(entry.to));
  const afterNumber = new Map(file.afterNumber.map((e) => [makeToken(e.suffix).folded, interpreted(e.to)] as const));
  return {
    words,
    afterNumber,
    swaps: file.letterSwaps.map((s) => [s.from, s.to] as const),
    suffixes: file.suffixes.map((s) => [s.from, s.to] as const),
  };
}

/** Every folded word the table can produce or accept, for the known-word vocabulary. */
export function shorthandWords(table: ShorthandTable): string[] {
  const out: string[] = [];
  for (const tokens of [...table.words.values(), ...table.afterNumber.values()]) out.push(...tokens.map((t) => t.folded));
  return out;
}

export function applyShorthand(tokens: readonly Token[], table: ShorthandTable, vocab: ReadonlySet<string>): Token[] {
  const out: Token[] = [];
  for (const token of tokens) {
    const previous = out[out.length - 1];
    const words = rewrite(token, previous !== undefined && NUMBER.test(previous.folded), table, vocab);
    out.push(...words.map((w) => (w.src === token.src ? w : { ...w, src: token.src })));
  }
  return out;
}

function rewrite(token: Token, afterNumber: boolean, table: ShorthandTable, vocab: ReadonlySet<string>): readonly Token[] {
  if (token.bare) {
    const joined = NUMBER_WITH_SUFFIX.exec(token.folded);
    const suffix = joined ? table.afterNumber.get(joined[2]!) : undefined;
    if (joined && suffix) return [makeToken(joined[1]!), ...suffix];
    const detached = afterNumber ? table.afterNumber.get(token.folded) : undefined;
    if (detached) return detached;
  }
  const word = table.words.get(token.exact);
  if (word) return word;
  if (vocab.has(token.folded)) return [token];
  for (const candidate of repairs(token, table)) {
    const known = table.words.get(candidate);
    if (known) return known;
    if (vocab.has(candidate)) return [{ exact: candidate, folded: candidate, bare: true }];
  }
  return [token];
}

/** Spellings to try for an unknown word: repeated letters squeezed, teencode letters swapped, endings replaced. */
function repairs(token: Token, table: ShorthandTable): string[] {
  const f = token.folded;
  if (f.length < 2) return [];
  const out = [f.replace(/(\p{L})\1{2,}/gu, "$1$1"), f.replace(/(\p{L})\1+/gu, "$1")].filter((c) => c !== f);
  for (const [from, to] of table.swaps) if (f.includes(from)) out.push(f.replaceAll(from, to));
  for (const [from, to] of table.suffixes) if (f.length > from.length + 2 && f.endsWith(from)) out.push(f.slice(0, -from.length) + to);
  return out;
}
