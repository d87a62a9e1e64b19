import type { CoreDeps } from "../deps.ts";

interface ShippedAnswer {
  title: string;
  body: string;
}

/**
 * A new install (no staff account and no ready answer yet) gets the ready answers shipped in
 * locales/<lng>/ready-answers.json, in both languages. Returns how many were added (0 when not new).
 */
export async function seedReadyAnswers(d: Pick<CoreDeps, "stores" | "translator" | "logger">): Promise<number> {
  if ((await d.stores.staff.countStaff()) > 0 || (await d.stores.readyAnswers.listCannedReplies()).length > 0) return 0;
  let added = 0;
  for (const locale of ["vi", "en"] as const) {
    for (const a of d.translator.raw<ShippedAnswer[]>(locale, "ready-answers:answers") ?? []) {
      await d.stores.readyAnswers.saveCannedReply({ locale, title: a.title, body: a.body });
      added += 1;
    }
  }
  d.logger.info({ added }, "new install: added the shipped ready answers");
  return added;
}
