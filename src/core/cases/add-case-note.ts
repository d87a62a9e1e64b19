import type { CoreDeps } from "../deps.ts";
import { AppError } from "../../shared/errors/app-error.ts";
import { auditCase, textSchema, type CaseActionInput } from "./case-rules.ts";

/** An internal note (sealed at rest); anyone who can see the case may add one. */
export async function addCaseNote(d: CoreDeps, o: CaseActionInput & { text: unknown }): Promise<void> {
  const text = textSchema.safeParse(o.text);
  if (!text.success) throw new AppError("invalid_input");
  const note = await d.stores.notes.addNote({ caseId: o.kase.id, staffId: o.staff.id, body: text.data, now: d.clock.now() });
  await auditCase(d, { ...o, action: "case.note", details: { noteId: note.id } });
}
