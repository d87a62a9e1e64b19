// The queue's filters as query parameters (a GET form, so they work without JavaScript and survive the
// live refresh): priority, concern, area, holder (mine, unclaimed) and a handle search. Unknown values
// are ignored, never an error.
import { z } from "zod";
import type { QueueFilter, StaffRecord } from "../../core/ports.ts";
import { CASE_PRIORITY } from "../../core/ports.ts";

export const CONCERNS = ["drug_use", "relapse", "sex_work", "trafficking", "hiv", "violence", "other"] as const;
const PRIORITIES = ["crisis", "high", "normal"] as const;

const loose = <T extends z.ZodTypeAny>(schema: T) => schema.optional().catch(undefined);

const querySchema = z.object({
  priority: loose(z.enum(PRIORITIES)),
  concern: loose(z.enum(CONCERNS)),
  area: loose(z.union([z.literal("none"), z.coerce.number().int().positive()])),
  holder: loose(z.enum(["mine", "unclaimed"])),
  q: loose(
    z
      .string()
      .trim()
      .transform((s) => s.replace(/^#/, "").toUpperCase())
      .pipe(z.string().regex(/^[A-Z0-9]{1,8}$/)),
  ),
});

/** What the filter form shows as chosen (the raw, valid values). */
export type QueueQuery = z.infer<typeof querySchema>;

export function parseQueueQuery(query: Record<string, string>): QueueQuery {
  const parsed = querySchema.safeParse(Object.fromEntries(Object.entries(query).filter(([, v]) => v !== "")));
  return parsed.success ? parsed.data : {};
}

export function toQueueFilter(q: QueueQuery, staff: StaffRecord): QueueFilter {
  return {
    ...(q.priority ? { priority: CASE_PRIORITY[q.priority] } : {}),
    ...(q.concern ? { concern: q.concern } : {}),
    ...(q.area !== undefined ? { provinceCode: q.area } : {}),
    ...(q.holder === "mine"
      ? { holder: { kind: "mine" as const, staffId: staff.id } }
      : q.holder === "unclaimed"
        ? { holder: { kind: "unclaimed" as const } }
        : {}),
    ...(q.q ? { handle: q.q } : {}),
  };
}

export const isFiltered = (q: QueueQuery): boolean => Object.values(q).some((v) => v !== undefined);
