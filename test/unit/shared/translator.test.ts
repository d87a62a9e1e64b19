// The translator remembers strings without variables: what it returns must be exactly i18next's answer,
// the first time and every time after, and a call with variables must still interpolate each time.
import i18next from "i18next";
import { describe, expect, it } from "vitest";
import { createTranslator, DEFAULT_LOCALE, loadCatalogues, SUPPORTED_LOCALES } from "../../../src/shared/i18n/index.ts";

const resources = loadCatalogues();

function leafKeys(value: unknown, prefix: string): string[] {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return [prefix];
  return Object.entries(value as Record<string, unknown>).flatMap(([k, v]) => leafKeys(v, `${prefix}.${k}`));
}

describe("translator", () => {
  it("answers every catalogue key as i18next does, before and after it is remembered", () => {
    const reference = i18next.createInstance();
    void reference.init({
      resources,
      lng: DEFAULT_LOCALE,
      fallbackLng: DEFAULT_LOCALE,
      ns: Object.keys(resources[DEFAULT_LOCALE]!),
      defaultNS: "common",
      nsSeparator: ":",
      interpolation: { escapeValue: false },
      returnNull: false,
      initAsync: false,
    });
    const translator = createTranslator(resources);
    const keys = Object.entries(resources[DEFAULT_LOCALE]!).flatMap(([ns, tree]) =>
      Object.entries(tree as Record<string, unknown>).flatMap(([k, v]) => leafKeys(v, `${ns}:${k}`)),
    );
    expect(keys.length).toBeGreaterThan(200);
    for (const locale of [...SUPPORTED_LOCALES, "fr"]) {
      for (const key of [...keys, "common:no.such.key"]) {
        const expected = reference.t(key, { lng: locale });
        expect(translator.t(locale, key), `${locale} ${key}`).toBe(expected);
        expect(translator.t(locale, key), `${locale} ${key}, remembered`).toBe(expected);
      }
    }
  });

  it("interpolates variables on every call", () => {
    const translator = createTranslator({ vi: { common: { hello: "Chào {{name}}" } }, en: { common: { hello: "Hello {{name}}" } } });
    expect(translator.t("en", "common:hello", { name: "An" })).toBe("Hello An");
    expect(translator.t("en", "common:hello", { name: "Bình" })).toBe("Hello Bình");
    expect(translator.t("vi", "common:hello", { name: "An" })).toBe("Chào An");
  });
});
