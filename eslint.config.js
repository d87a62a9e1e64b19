// ESLint with typescript-eslint. The import rules below enforce the dependency direction:
// shared ← core ← {channels, store, jobs, web} ← app/main. Nothing imports channels/ but the composition root.
import js from "@eslint/js";
import tseslint from "typescript-eslint";
import globals from "globals";

const banned = (groups) => ["error", { patterns: groups.map(([group, message]) => ({ group, message })) }];

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
    files: ["src/shared/**"],
    rules: { "no-restricted-imports": banned([[["**/core/**", "**/channels/**", "**/store/**", "**/jobs/**", "**/web/**", "**/config/**", "**/app.ts", "**/main.ts"], "shared/ imports nothing else from src/."]]) },
  },
  {
    files: ["src/core/**"],
    rules: { "no-restricted-imports": banned([[["**/channels/**", "**/store/**", "**/jobs/**", "**/web/**", "**/config/**", "**/app.ts", "**/main.ts", "@prisma/*", "**/generated/**", "grammy", "axios", "hono", "hono/*", "pg-boss"], "core/ depends only on shared/ and its own ports."]]) },
  },
  {
    files: ["src/store/**", "src/jobs/**", "src/web/**", "src/channels/**", "src/config/**"],
    rules: { "no-restricted-imports": banned([[["**/app.ts", "**/main.ts", "**/messengers.ts"], "Only the composition root wires implementations."]]) },
  },
  {
    files: ["src/store/**", "src/jobs/**", "src/web/**", "src/config/**"],
    rules: { "no-restricted-imports": banned([[["**/channels/**", "**/app.ts", "**/main.ts"], "Nothing imports channels/ except the composition root."]]) },
  },
  {
    files: ["src/console/**"],
    rules: { "no-restricted-imports": banned([[["**/channels/**", "**/store/**", "**/jobs/**", "@prisma/*", "**/generated/**", "**/app.ts", "**/main.ts"], "The console reaches data through its ConsoleStore port and the core's ports."]]) },
  },
  {
    files: ["src/channels/**"],
    rules: { "no-restricted-imports": banned([[["**/store/**", "**/jobs/**", "**/web/**", "@prisma/*", "**/app.ts", "**/main.ts"], "Channels talk to the core through its ports."]]) },
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
