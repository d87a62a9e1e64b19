// Schema of locales/<lng>/shorthand.json: how people abbreviate on phones, applied to words after
// tokenising and before matching. Data, not code: each ambiguous choice is explained in its `note`.
import { z } from "zod";

const word = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[\p{L}\p{N}]+$/u, "one word: letters and digits only");
const words = z.string().trim().toLowerCase().min(1).max(60);

const tokenEntrySchema = z.strictObject({
  /** Words exactly as typed (diacritics count: "mún" and "mun" are different entries). */
  from: z.array(word).min(1),
  /** What they stand for, one or more words with full diacritics. */
  to: words,
  note: z.string().optional(),
});

const afterNumberSchema = z.strictObject({
  /** Typed right after a number, joined ("15t") or as its own word ("15 t"). */
  suffix: word,
  to: words,
  note: z.string().optional(),
});

const letterSwapSchema = z.strictObject({
  /** Teencode spelling inside a word ("w" in "wá"); tried only when the word is unknown as typed. */
  from: z.string().regex(/^[a-z]{1,3}$/),
  to: z.string().regex(/^[a-z]{1,3}$/),
  note: z.string().optional(),
});

const suffixSchema = z.strictObject({
  /** An inflection ending ("ing", "ed", "s"), replaced by `to` ("", "e") when the word is unknown as typed. */
  from: z.string().regex(/^[a-z]{1,5}$/),
  to: z.string().regex(/^[a-z]{0,3}$/),
  note: z.string().optional(),
});

export const shorthandFileSchema = z.strictObject({
  _notes: z.array(z.string()).optional(),
  tokens: z.array(tokenEntrySchema),
  afterNumber: z.array(afterNumberSchema),
  letterSwaps: z.array(letterSwapSchema),
  suffixes: z.array(suffixSchema),
});

export type ShorthandFile = z.infer<typeof shorthandFileSchema>;
