// Schema of locales/<lng>/triage.json: danger phrases per category, plus optional harmless phrases.
import { z } from "zod";
import { DANGER_CATEGORIES } from "./danger-categories.ts";

const phraseText = z.string().trim().min(2).max(80);

const dangerPhraseSchema = z.strictObject({
  phrase: phraseText,
  /** True when the diacritic-free form is also a common harmless phrase ("tu tu": tự tử / từ từ). */
  ambiguousWhenFolded: z.boolean().optional(),
});

const harmlessPhraseSchema = z.strictObject({ phrase: phraseText });

export const triageFileSchema = z.strictObject({
  categories: z.strictObject(
    Object.fromEntries(DANGER_CATEGORIES.map((c) => [c, z.array(dangerPhraseSchema).min(1)])) as Record<
      (typeof DANGER_CATEGORIES)[number],
      z.ZodArray<typeof dangerPhraseSchema>
    >,
  ),
  /**
   * Longer everyday phrases that contain a danger phrase but are not danger ("bị đánh giá", "lo muốn chết").
   * A danger match lying inside a harmless match at least as strong is dropped.
   */
  harmless: z.array(harmlessPhraseSchema).optional(),
});

export type TriageFile = z.infer<typeof triageFileSchema>;
export type DangerPhrase = z.infer<typeof dangerPhraseSchema>;
