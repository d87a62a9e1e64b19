// ESLint with typescript-eslint, plus eslint-plugin-boundaries for the layer rules.
//
// Dependency rule: shared ← core ← {channels, store, jobs, web, console} ← composition root (config: shared ← config ← store, root).
// The whole matrix lives in ONE `boundaries/dependencies` rule (allow-list, default disallow), so a later config
// block can never silently replace an earlier list. test/unit/lint/layer-rules.test.ts lints planted violations
// against this file: change the matrix and that test tells you which cell moved.
import js from "@eslint/js";
import tseslint from "typescript-eslint";
import globals from "globals";
import boundaries from "eslint-plugin-boundaries";

// Element types, by folder. `partialMatch: false` anchors each pattern at the repository root, so `src/web/app.ts`
// is `web`, never the composition root. The generated Prisma client is listed before `store` so it gets its own type.
const elements = [
  { type: "prisma-client", pattern: "src/store/generated", partialMatch: false },
  { type: "shared", pattern: "src/shared", partialMatch: false },
  { type: "config", pattern: "src/config", partialMatch: false },
  { type: "core", pattern: "src/core", partialMatch: false },
  { type: "channels", pattern: "src/channels", partialMatch: false },
  { type: "store", pattern: "src/store", partialMatch: false },
  { type: "jobs", pattern: "src/jobs", partialMatch: false },
  { type: "web", pattern: "src/web", partialMatch: false },
  { type: "console", pattern: "src/console", partialMatch: false },
];
// The composition root is five files, not a folder, so it is a file category (file patterns match the whole path).
const files = [{ category: "composition-root", pattern: "src/{app,main,messengers,process-guards,load-tsx}.ts" }];

// What each layer may import from src/ besides its own folder (imports inside one folder are not checked).
const layers = {
  shared: [],
  config: ["shared"],
  core: ["shared"],
  channels: ["core", "shared"],
  store: ["core", "shared", "config", "prisma-client"],
  jobs: ["core", "shared"],
  web: ["core", "shared"],
  console: ["core", "shared"],
  "prisma-client": [],
};

// Packages that only the store may touch: the Prisma client, its engines and driver adapters.
const prismaPackages = ["@prisma/*", "prisma", "pglite-prisma-adapter"];
// Frameworks and drivers that the inner layers (shared, core) must not know about.
const frameworks = ["grammy", "@grammyjs/*", "axios", "hono", "@hono/*", "pg-boss", "pg", "@electric-sql/pglite", ...prismaPackages];

const layerPolicies = Object.entries(layers)
  .filter(([, allowed]) => allowed.length > 0)
  .map(([type, allowed]) => ({ from: { element: { type } }, allow: { to: { element: { types: { anyOf: allowed } } } } }));
const compositionRoot = { file: { categories: "composition-root" } };

// Policies are evaluated in order and the LAST one that matches decides.
const dependencyPolicies = [
  // Node built-ins and npm packages are free by default; the two policies at the end narrow them.
  { allow: { to: { module: { origin: ["external", "core"] } } } },
  ...layerPolicies,
  // Nothing imports the composition root; only the composition root picks implementations (and imports its own files).
  { disallow: { to: compositionRoot }, message: "Nothing imports the composition root ({{dependency.source}}): take what you need as a parameter." },
  { from: compositionRoot, allow: { to: { module: { origin: "local" } } } },
  {
    from: { element: { types: { anyOf: ["shared", "core"] } } },
    disallow: { to: { module: { origin: "external", source: frameworks } } },
    message: "{{from.element.type}} is framework-free: it may not import {{dependency.source}}; put the adapter in channels/, store/, jobs/ or web/.",
  },
  {
    from: [{ element: { types: { noneOf: ["store", "prisma-client"] } } }, compositionRoot],
    disallow: { to: { module: { origin: "external", source: prismaPackages } } },
    message: "Prisma stops at store/: {{#if from.element.type}}{{from.element.type}}{{else}}the composition root{{/if}} may not import {{dependency.source}}.",
  },
];

export default tseslint.config(
  { ignores: ["node_modules/", "src/store/generated/", "data/", ".node/", "test/artifacts/", "coverage/"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      "@typescript-eslint/no-explicit-any": "error",
      "@typescript-eslint/consistent-type-imports": ["error", { fixStyle: "inline-type-imports" }],
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/no-non-null-assertion": "off",
    },
  },
  {
    files: ["src/**/*.{ts,tsx,js}"],
    plugins: { boundaries },
    settings: {
      "boundaries/elements": elements,
      "boundaries/files": files,
      "boundaries/dependency-nodes": ["import", "export", "dynamic-import"],
      "boundaries/legacy-templates": false,
    },
    rules: {
      "boundaries/dependencies": ["error", { default: "disallow", checkAllOrigins: true, checkUnknownLocals: true, policies: dependencyPolicies }],
      // Every file in src/ belongs to a layer: a new top-level folder must be added to the matrix above.
      "boundaries/no-unknown-files": "error",
    },
  },
  {
    files: ["src/channels/webchat/public/**/*.js", "src/console/public/**/*.js"],
    languageOptions: { globals: { ...globals.browser }, sourceType: "script" },
  },
  {
    files: ["test/**", "bench/**"],
    rules: { "@typescript-eslint/no-explicit-any": "off" },
  },
);
