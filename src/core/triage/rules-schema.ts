// Schema of locales/<lng>/triage-rules.json: named concepts (word lists) and the situation rules and
// calm guards built from them. A term names a concept, or alternatives "a|b"; in `seq`, "^" and "$" stand
// for the start and end of a clause. Cross-references (unknown concepts, bad anchors) are checked at compile.
import { z } from "zod";
import { DANGER_CATEGORIES } from "./danger-categories.ts";

const name = z.string().regex(/^[a-z][a-z0-9_]*$/, "lower_snake_case");
const term = z.string().regex(/^(\^|\$|[a-z][a-z0-9_]*)(\|[a-z][a-z0-9_]*)*$/, 'a concept name, "a|b", "^" or "$"');
const category = z.enum(DANGER_CATEGORIES);

const numberClassSchema = z.strictObject({ name, min: z.number().int().min(0), max: z.number().int().min(0), note: z.string().optional() });

const ruleSchema = z
  .strictObject({
    id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, "kebab-case"),
    category,
    /** Every term somewhere in the message. */
    all: z.array(term).min(1).optional(),
    /** The terms in this order inside one clause, each starting at most `gap` words after the previous ends. */
    seq: z.array(term).min(2).optional(),
    gap: z.number().int().min(0).max(6).optional(),
    /** Two terms in one clause, either order, at most `window` words apart. */
    near: z.tuple([term, term]).optional(),
    window: z.number().int().min(0).max(8).optional(),
    /** At least `atLeast` (default 2) of these terms somewhere in the message ("any two signs of distress"). */
    of: z.array(term).min(2).optional(),
    atLeast: z.number().int().min(1).optional(),
    /** Any of these concepts anywhere in the message vetoes the rule. */
    unless: z.array(term).optional(),
    /** Multiplies the weakest component's match strength; 1 by default. */
    weight: z.number().gt(0).max(1).optional(),
    note: z.string().optional(),
  })
  .refine((r) => r.all !== undefined || r.seq !== undefined || r.near !== undefined || r.of !== undefined, "needs all, seq, near or of")
  .refine((r) => r.of === undefined || (r.atLeast ?? 2) <= r.of.length, "atLeast is more than the terms in of");

const guardSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, "kebab-case"),
  /** Fires when any of these concepts is present… */
  any: z.array(term).min(1),
  /** …and none of these is. */
  unless: z.array(term).optional(),
  /** Danger scores are multiplied by this. */
  scale: z.number().min(0).lt(1),
  /** Only these categories are scaled; all by default. */
  categories: z.array(category).optional(),
  note: z.string().optional(),
});

export const rulesFileSchema = z.strictObject({
  _notes: z.array(z.string()).optional(),
  numbers: z.array(numberClassSchema),
  /**
   * Concept name → phrases. "negation" is special: a match right after it is ignored. A phrase written
   * "=vả" counts only when typed with its diacritics (its bare form is a common other word).
   */
  concepts: z.record(name, z.array(z.string().trim().min(1).max(80))),
  rules: z.array(ruleSchema),
  guards: z.array(guardSchema),
});

export type RulesFile = z.infer<typeof rulesFileSchema>;
export type Rule = z.infer<typeof ruleSchema>;
export type Guard = z.infer<typeof guardSchema>;
