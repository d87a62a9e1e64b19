// Indicator templates are data (templates/*.json): a template lists sections of indicators, each a
// code, labels per language and one query over the anonymous facts. They are checked once at start;
// a broken one stops the start with an error naming the template and the indicator's code.
import { z } from "zod";
import { FACT_KINDS, type FactKind } from "./ports.ts";
import { DIM_VALUES, DIMS, DIMS_BY_KIND, type DimName } from "./dims.ts";

/**
 * sum: the sum of values (facts of value 1 plus corrections: a current count); count: how many facts
 * (e.g. first replies, whose value is a duration); p50/p90: nearest-rank percentile of the values;
 * distinct: how many values of dim `of` have a positive sum (e.g. clubs that met);
 * clubs_without_meeting: active clubs of the area with no positive meeting.held sum (kind meeting.held only).
 */
export const MEASURES = ["sum", "count", "p50", "p90", "distinct", "clubs_without_meeting"] as const;
export type Measure = (typeof MEASURES)[number];
export const UNITS = ["count", "seconds", "vnd"] as const;

const labels = z.object({ vi: z.string().min(1), en: z.string().min(1) }).strict();
const dimName = z.enum(Object.keys(DIMS) as [DimName, ...DimName[]]);
const dimValue = z.union([z.string(), z.number(), z.boolean()]);

const query = z
  .object({
    kind: z.enum(Object.keys(FACT_KINDS) as [FactKind, ...FactKind[]]),
    measure: z.enum(MEASURES),
    where: z.partialRecord(dimName, z.union([dimValue, z.array(dimValue).min(1)])).optional(),
    by: dimName.optional(),
    of: dimName.optional(),
  })
  .strict()
  .superRefine((q, ctx) => {
    const allowed = DIMS_BY_KIND[q.kind];
    for (const dim of [...Object.keys(q.where ?? {}), q.by, q.of].filter((d): d is DimName => d !== undefined))
      if (!allowed.includes(dim)) ctx.addIssue({ code: "custom", message: `${q.kind} has no dimension "${dim}"` });
    for (const [dim, want] of Object.entries(q.where ?? {}) as Array<[DimName, unknown]>) {
      const known = DIM_VALUES[dim]?.map(String);
      for (const value of Array.isArray(want) ? want : [want])
        if (known && !known.includes(String(value)))
          ctx.addIssue({ code: "custom", message: `"${String(value)}" is not a ${dim} (one of: ${known.join(", ")})` });
    }
    if (q.measure === "distinct" && !q.of) ctx.addIssue({ code: "custom", message: `measure "distinct" needs "of"` });
    if (q.measure === "clubs_without_meeting" && (q.kind !== "meeting.held" || q.by))
      ctx.addIssue({ code: "custom", message: `measure "clubs_without_meeting" works on meeting.held without "by"` });
  });

export const indicatorSchema = z
  .object({
    code: z.string().regex(/^[A-Z][A-Z0-9_]{1,49}$/, "a code is A–Z, 0–9 and _, at most 50 characters"),
    labels,
    unit: z.enum(UNITS).default("count"),
    query,
  })
  .strict();

export const templateSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9-]{2,40}$/),
    labels,
    description: labels,
    sections: z.array(z.object({ code: z.string().regex(/^[a-z0-9_]{2,40}$/), labels, indicators: z.array(indicatorSchema).min(1) }).strict()).min(1),
  })
  .strict()
  .superRefine((t, ctx) => {
    const seen = new Set<string>();
    for (const [s, section] of t.sections.entries())
      for (const [i, ind] of section.indicators.entries()) {
        if (seen.has(ind.code)) ctx.addIssue({ code: "custom", path: ["sections", s, "indicators", i, "code"], message: "the code is used twice" });
        seen.add(ind.code);
      }
  });

export type ReportTemplate = z.infer<typeof templateSchema>;
export type Indicator = z.infer<typeof indicatorSchema>;
export type IndicatorQuery = Indicator["query"];
