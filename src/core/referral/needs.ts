// What a person can ask for in the chat ("a need"), the service kinds that answer it, and the needs
// that follow from an intake's concern (so the bot can offer services after a request).
import type { ServiceKind } from "./ports.ts";

export const NEEDS = ["self_help", "treatment", "harm_reduction", "job", "loan", "legal", "shelter", "hotline"] as const;
export type Need = (typeof NEEDS)[number];

export const NEED_KINDS: Readonly<Record<Need, readonly ServiceKind[]>> = {
  self_help: ["self_help_group", "family_club"],
  treatment: ["methadone", "rehab", "mental_health"],
  harm_reduction: ["harm_reduction", "hiv_testing"],
  job: ["job_introduction", "vocational_training"],
  loan: ["loan"],
  legal: ["legal_aid"],
  shelter: ["shelter"],
  hotline: ["hotline"],
};

/** The needs an intake concern points to, most fitting first. */
export const CONCERN_NEEDS: Readonly<Record<string, readonly Need[]>> = {
  drug_use: ["treatment", "self_help"],
  relapse: ["self_help", "treatment"],
  sex_work: ["harm_reduction", "legal"],
  trafficking: ["shelter", "legal"],
  hiv: ["harm_reduction"],
  violence: ["shelter", "legal", "hotline"],
  other: ["hotline"],
};

export const isNeed = (v: unknown): v is Need => typeof v === "string" && (NEEDS as readonly string[]).includes(v);

export function kindsFor(needs: readonly Need[]): ServiceKind[] {
  return [...new Set(needs.flatMap((n) => NEED_KINDS[n]))];
}
