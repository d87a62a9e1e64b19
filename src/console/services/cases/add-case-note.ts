import type { ConsoleDeps } from "../../deps.ts";
import { ConsoleError } from "../console-error.ts";
import { auditCase, textSchema, type CaseActionInput } from "./case-guards.ts";

/** An internal note (sealed at rest); anyone who can see the case may add one. */
export async function addCaseNote(d: ConsoleDeps, o: CaseActionInput & { text: unknown }): Promise<void> {
  const text = textSchema.safeParse(o.text);
  if (!text.success) throw new ConsoleError("invalid_input");
  const note = await d.store.addNote({ caseId: o.kase.id, staffId: o.staff.id, body: text.data, now: d.clock.now() });
  await auditCase(d, { ...o, action: "case.note", details: { noteId: note.id } });
}
