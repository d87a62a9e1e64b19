// Danger triage: entry point of the feature.
export {
  CRISIS_THRESHOLD,
  DANGER_CATEGORIES,
  compileDangerCatalogue,
  detectDanger,
  loadDangerCatalogue,
  type DangerCatalogue,
  type DangerCategory,
  type DangerResult,
} from "./detect-danger.ts";
