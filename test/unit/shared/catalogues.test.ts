// Every string a person sees comes from locales/: Vietnamese and English must have the same keys.
import { describe, expect, it } from "vitest";
import { AUDIT_ACTIONS } from "../../../src/core/audit/ports.ts";
import { loadCatalogues } from "../../../src/shared/i18n/index.ts";

function keys(value: unknown, prefix = ""): string[] {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return [prefix];
  return Object.entries(value as Record<string, unknown>).flatMap(([k, v]) => keys(v, prefix ? `${prefix}.${k}` : k));
}

const resources = loadCatalogues();

describe("locales", () => {
  it("has Vietnamese and English", () => {
    expect(Object.keys(resources).sort()).toEqual(["en", "vi"]);
  });
  for (const ns of Object.keys(resources.vi!)) {
    it(`${ns}: the same keys in vi and en`, () => {
      expect(resources.en![ns], `locales/en/${ns}.json is missing`).toBeDefined();
      expect(keys(resources.en![ns]).sort()).toEqual(keys(resources.vi![ns]).sort());
    });
  }
  it("labels every audit action in both languages (the audit trail shows the label, not the code)", () => {
    for (const lng of ["vi", "en"]) {
      const labels = (resources[lng]!.console as { audit: { actions: Record<string, string> } }).audit.actions;
      expect(
        AUDIT_ACTIONS.filter((a) => !labels[a]),
        `locales/${lng}/console.json audit.actions`,
      ).toEqual([]);
    }
  });
  it("has no namespace only in English", () => {
    expect(Object.keys(resources.en!).sort()).toEqual(Object.keys(resources.vi!).sort());
  });
  it("topics have the same number of screens in both languages, 2–4 each, at least 6 topics", () => {
    type Topics = Record<string, { screens: string[] }>;
    const vi = (resources.vi!.topics as { topics: Topics }).topics;
    const en = (resources.en!.topics as { topics: Topics }).topics;
    expect(Object.keys(vi).length).toBeGreaterThanOrEqual(6);
    for (const [id, topic] of Object.entries(vi)) {
      expect(topic.screens.length).toBeGreaterThanOrEqual(2);
      expect(topic.screens.length).toBeLessThanOrEqual(4);
      expect(en[id]!.screens.length).toBe(topic.screens.length);
    }
  });
});
