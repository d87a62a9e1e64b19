// A word-level trie: phrases are matched as whole token sequences, never as substrings of words.
import type { DangerCategory } from "./danger-categories.ts";

export interface PhraseEntry {
  /** null for a harmless phrase. */
  category: DangerCategory | null;
  ambiguousWhenFolded: boolean;
  /** Length in tokens. */
  length: number;
}

export interface TrieNode {
  next: Map<string, TrieNode>;
  entries: PhraseEntry[];
}

export function createTrieNode(): TrieNode {
  return { next: new Map(), entries: [] };
}

export function insertPhrase(root: TrieNode, tokens: readonly string[], entry: PhraseEntry): void {
  let node = root;
  for (const token of tokens) {
    let child = node.next.get(token);
    if (child === undefined) {
      child = createTrieNode();
      node.next.set(token, child);
    }
    node = child;
  }
  node.entries.push(entry);
}

/** Calls `onEntry` for every phrase that starts at `start` in `tokens`. */
export function walkTrie(
  root: TrieNode,
  tokens: readonly string[],
  start: number,
  onEntry: (entry: PhraseEntry) => void,
): void {
  let node: TrieNode | undefined = root;
  for (let i = start; i < tokens.length; i++) {
    node = node.next.get(tokens[i] ?? "");
    if (node === undefined) return;
    for (const entry of node.entries) onEntry(entry);
  }
}
