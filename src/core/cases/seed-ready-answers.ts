import type { CoreDeps } from "../deps.ts";

interface ShippedAnswer {
  title: string;
  body: string;
}

/**
 * A new install (no staff account and no ready answer yet) gets the ready answers shipped in
 * locales/<lng>/ready-answers.json, in both languages, in one statement. Returns how many were added (0 when not new).
 */
export async function seedReadyAnswers(d: Pick<CoreDeps, "stores" | "translator" | "logger">): Promise<number> {
  if ((await d.stores.staff.countStaff()) > 0 || (await d.stores.readyAnswers.listCannedReplies()).length > 0) return 0;
  const shipped = (["vi", "en"] as const).flatMap((locale) =>
    (d.translator.raw<ShippedAnswer[]>(locale, "ready-answers:answers") ?? []).map((a) => ({ locale, title: a.title, body: a.body })),
  );
  // All or none: a start interrupted half-way (the database dropped) must not leave half the list,
  // which would count as "already seeded" at the next start.
  const added = await d.stores.readyAnswers.addCannedReplies(shipped);
  d.logger.info({ added }, "new install: added the shipped ready answers");
  return added;
}
