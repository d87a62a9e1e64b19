// Vietnamese-tolerant text helpers: people often type without diacritics, in any case, with stray spaces.

/** Marks removed (NFD), đ→d, lower case, punctuation → space, spaces collapsed. "Tự Tử!" → "tu tu". */
export function foldText(input: string): string {
  return input
    .normalize("NFD")
    .replace(/\p{M}+/gu, "")
    .replace(/[đĐ]/g, "d")
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim();
}

/** Lower case and NFC with punctuation → space, diacritics kept. "Từ  từ." → "từ từ". */
export function normaliseWords(input: string): string {
  return input
    .normalize("NFC")
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\p{M}]+/gu, " ")
    .trim();
}

// C0/C1 controls except tab and newline, plus bidi overrides and zero-width characters that can hide text.
// eslint-disable-next-line no-control-regex -- removing control characters is the point
const UNSAFE_CHARS = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u200B-\u200F\u202A-\u202E\u2066-\u2069\uFEFF]/g;

/** Makes untrusted inbound text safe to store and show: NFC, no control characters, trimmed. */
export function cleanInboundText(input: string): string {
  return input
    .normalize("NFC")
    .replace(/\r\n?/g, "\n")
    .replace(UNSAFE_CHARS, "")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
}

/** True when the text has no letters or digits at all (emoji, punctuation, symbols only). */
export function hasNoWords(input: string): boolean {
  return !/[\p{L}\p{N}]/u.test(input);
}

/** Cuts text to at most `max` UTF-16 units without splitting a surrogate pair. */
export function truncateText(input: string, max: number): string {
  if (input.length <= max) return input;
  let end = max;
  const code = input.charCodeAt(end - 1);
  if (code >= 0xd800 && code <= 0xdbff) end -= 1;
  return input.slice(0, end);
}

/**
 * Splits text into chunks of at most `max` UTF-16 units, preferring paragraph, then line, then sentence,
 * then word boundaries; never inside a surrogate pair. Used by channels with message length limits.
 */
export function splitText(input: string, max: number): string[] {
  const chunks: string[] = [];
  let rest = input.trim();
  while (rest.length > max) {
    const window = truncateText(rest, max);
    const cut = bestCut(window);
    chunks.push(window.slice(0, cut).trimEnd());
    rest = rest.slice(cut).trimStart();
  }
  if (rest.length > 0) chunks.push(rest);
  return chunks;
}

function bestCut(window: string): number {
  const min = Math.floor(window.length / 3);
  const candidates = [/\n\n(?=[^\n]*$)/, /\n(?=[^\n]*$)/, /[.!?…](?=\s[^.!?…]*$)/, /\s(?=\S*$)/];
  for (const re of candidates) {
    const m = re.exec(window);
    if (m && m.index + m[0].length > min) return m.index + m[0].length;
  }
  return window.length;
}
