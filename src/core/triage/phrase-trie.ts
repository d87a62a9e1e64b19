// A word-level trie over folded tokens: phrases are matched as whole token sequences, never as substrings
// of words. A phrase word written "#name" matches any whole number in that named range ("#minor_age tuổi").
import type { DangerCategory } from "./danger-categories.ts";

/** What a phrase is: a danger phrase of a category, an everyday (harmless) phrase, or a word of a concept. */
export type PhraseKind =
  { kind: "danger"; category: DangerCategory; ambiguousWhenFolded: boolean } | { kind: "harmless" } | { kind: "concept"; concept: string };

export type PhraseEntry = PhraseKind & {
  /** The phrase as written in its file, for reasons and error messages. */
  phrase: string;
  /** Exact (tone-canonical) form of each word; "#name" for a number class. */
  exact: readonly string[];
  /** Length in tokens. */
  length: number;
  /** Written "=phrase": counts only when typed with its own diacritics (bare "va" is "và", not "vả"). */
  exactOnly: boolean;
};

export interface TrieNode {
  next: Map<string, TrieNode>;
  /** Children keyed by number class name ("#minor_age"). */
  numbers: Map<string, TrieNode>;
  entries: PhraseEntry[];
}

export interface NumberRange {
  min: number;
  max: number;
}

export function createTrieNode(): TrieNode {
  return { next: new Map(), numbers: new Map(), entries: [] };
}

export function insertPhrase(root: TrieNode, folded: readonly string[], entry: PhraseEntry): void {
  let node = root;
  for (const token of folded) {
    const map = token.startsWith("#") ? node.numbers : node.next;
    let child = map.get(token);
    if (child === undefined) {
      child = createTrieNode();
      map.set(token, child);
    }
    node = child;
  }
  node.entries.push(entry);
}

/** Calls `onEntry` for every phrase that starts at `start` in `folded` (a phrase may match by several paths). */
export function walkTrie(
  root: TrieNode,
  folded: readonly string[],
  start: number,
  ranges: ReadonlyMap<string, NumberRange>,
  onEntry: (entry: PhraseEntry) => void,
): void {
  const stack: [TrieNode, number][] = [[root, start]];
  while (stack.length > 0) {
    const [node, i] = stack.pop()!;
    if (i > start) for (const entry of node.entries) onEntry(entry);
    if (i >= folded.length) continue;
    const token = folded[i]!;
    const child = node.next.get(token);
    if (child !== undefined) stack.push([child, i + 1]);
    if (node.numbers.size > 0 && /^\d{1,6}$/.test(token)) {
      const value = Number(token);
      for (const [name, numberChild] of node.numbers) {
        const range = ranges.get(name);
        if (range !== undefined && value >= range.min && value <= range.max) stack.push([numberChild, i + 1]);
      }
    }
  }
}
