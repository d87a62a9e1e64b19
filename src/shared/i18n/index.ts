// Every string a person sees comes from locales/<lng>/<namespace>.json through this module.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import i18next, { type i18n, type Resource } from "i18next";

export const LOCALES_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../locales");
export const SUPPORTED_LOCALES = ["vi", "en"] as const;
export type SupportedLocale = (typeof SUPPORTED_LOCALES)[number];
export const DEFAULT_LOCALE: SupportedLocale = "vi";

/** Reads every locales/<lng>/<ns>.json file. Namespaces are the file names. */
export function loadCatalogues(dir = LOCALES_DIR): Resource {
  const resources: Resource = {};
  for (const lng of fs.readdirSync(dir)) {
    const lngDir = path.join(dir, lng);
    if (!fs.statSync(lngDir).isDirectory()) continue;
    resources[lng] = {};
    for (const file of fs.readdirSync(lngDir).filter((f) => f.endsWith(".json"))) {
      resources[lng][path.basename(file, ".json")] = JSON.parse(fs.readFileSync(path.join(lngDir, file), "utf8"));
    }
  }
  return resources;
}

export type Translate = (locale: string, key: string, vars?: Record<string, unknown>) => string;

export interface Translator {
  t: Translate;
  /** Raw catalogue value (arrays and objects included), for content such as topic screens. */
  raw<T = unknown>(locale: string, key: string): T | undefined;
}

const PLAIN_CACHE_MAX = 20_000;

/** One i18next instance for the process. Keys look like "flows:menu.title". */
export function createTranslator(resources: Resource = loadCatalogues()): Translator {
  const instance: i18n = i18next.createInstance();
  void instance.init({
    resources,
    lng: DEFAULT_LOCALE,
    fallbackLng: DEFAULT_LOCALE,
    supportedLngs: [...SUPPORTED_LOCALES],
    ns: Object.keys(resources[DEFAULT_LOCALE] ?? {}),
    defaultNS: "common",
    nsSeparator: ":",
    interpolation: { escapeValue: false },
    returnNull: false,
    initAsync: false,
  });
  // A string without variables is looked up once per supported locale and key: the catalogues never
  // change after start-up, and i18next's lookup (fallbacks, nesting, plurals) costs microseconds on every
  // reply's buttons. Bounded, as some keys are built from stored values.
  const plain = new Map<string, string>();
  return {
    t: (locale, key, vars) => {
      if (vars || !(SUPPORTED_LOCALES as readonly string[]).includes(locale)) return instance.t(key, { lng: locale, ...vars }) as string;
      const id = `${locale}:${key}`;
      let text = plain.get(id);
      if (text === undefined) {
        text = instance.t(key, { lng: locale }) as string;
        if (plain.size < PLAIN_CACHE_MAX) plain.set(id, text);
      }
      return text;
    },
    raw: <T>(locale: string, key: string) => {
      const [ns, rest] = key.includes(":") ? (key.split(":", 2) as [string, string]) : ["common", key];
      return instance.getResource(locale, ns, rest) as T | undefined;
    },
  };
}

/** Picks a supported locale from a hint such as "en-US"; undefined when none fits. */
export function matchLocale(hint: string | undefined): SupportedLocale | undefined {
  const base = hint?.toLowerCase().split(/[-_]/)[0];
  return SUPPORTED_LOCALES.find((l) => l === base);
}
