// The shape the conversation needs from triage (src/core/triage implements it).
export interface DangerResult {
  crisis: boolean;
  categories: string[];
}
