// The layer rules in eslint.config.js, checked against planted files so they cannot silently rot: each case lints
// source text as if it lived at `filePath` (the file need not exist; the files it imports do) and expects the
// boundary error, or none for a legal import.
import path from "node:path";
import { fileURLToPath } from "node:url";
import { ESLint } from "eslint";
import { beforeAll, describe, expect, it } from "vitest";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
let eslint: ESLint;

beforeAll(() => {
  eslint = new ESLint({ cwd: root, overrideConfigFile: path.join(root, "eslint.config.js") });
});

/** The boundaries messages for `code` linted as `filePath`, other rules left out. */
async function boundaryErrors(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(root, filePath) });
  return (result?.messages ?? []).filter((m) => m.ruleId?.startsWith("boundaries/")).map((m) => `${m.ruleId}: ${m.message}`);
}

/** Source text that imports each specifier (as a namespace) and uses it. */
const use = (...specifiers: string[]): string =>
  specifiers.map((s, i) => `import * as m${i} from "${s}";\n`).join("") + `export const used = [${specifiers.map((_, i) => `m${i}`).join(", ")}];\n`;

describe("layer rules: planted violations are errors", () => {
  it.each([
    ["core → store", "src/core/planted.ts", use("../store/index.ts"), /type "core" to elements of type "store"/],
    [
      "core → store (type-only import)",
      "src/core/planted.ts",
      `import type { Database } from "../store/index.ts";\nexport type D = Database;\n`,
      /"core" to elements of type "store"/,
    ],
    ["core → config", "src/core/planted.ts", use("../config/env.ts"), /"core" to elements of type "config"/],
    ["shared → core", "src/shared/planted.ts", use("../core/ports.ts"), /"shared" to elements of type "core"/],
    ["config → core", "src/config/planted.ts", use("../core/ports.ts"), /"config" to elements of type "core"/],
    ["console → channels", "src/console/planted.ts", use("../channels/telegram/index.ts"), /"console" to elements of type "channels"/],
    ["console → store", "src/console/planted.ts", use("../store/index.ts"), /"console" to elements of type "store"/],
    ["console → jobs", "src/console/planted.ts", use("../jobs/registry.ts"), /"console" to elements of type "jobs"/],
    ["web → channels", "src/web/planted.ts", use("../channels/webchat/index.ts"), /"web" to elements of type "channels"/],
    ["web/app.ts is web, not the composition root", "src/web/app.ts", use("../channels/webchat/index.ts"), /"web" to elements of type "channels"/],
    ["channels → store", "src/channels/planted.ts", use("../store/index.ts"), /"channels" to elements of type "store"/],
    ["channels → console", "src/channels/telegram/planted.ts", use("../../console/index.ts"), /"channels" to elements of type "console"/],
    ["jobs → channels", "src/jobs/planted.ts", use("../channels/zalo/index.ts"), /"jobs" to elements of type "channels"/],
    ["store → channels", "src/store/planted.ts", use("../channels/telegram/index.ts"), /"store" to elements of type "channels"/],
    ["store → console (not its ports file)", "src/store/planted.ts", use("../console/index.ts"), /"store" to elements of type "console"/],
    ["store → console, as a value import", "src/store/planted.ts", use("../console/deps.ts"), /"store" to elements of type "console"/],
    [
      "store → console, type-only",
      "src/store/planted.ts",
      `import type { ConsoleDeps } from "../console/deps.ts";\nexport type S = ConsoleDeps;\n`,
      /"store" to elements of type "console"/,
    ],
    ["store → composition root (app.ts)", "src/store/planted.ts", use("../app.ts"), /Nothing imports the composition root \(\.\.\/app\.ts\)/],
    ["web → composition root (messengers.ts)", "src/web/planted.ts", use("../messengers.ts"), /Nothing imports the composition root \(\.\.\/messengers\.ts\)/],
    [
      "core → composition root, re-exported",
      "src/core/planted.ts",
      `export { x } from "../main.ts";\n`,
      /Nothing imports the composition root \(\.\.\/main\.ts\)/,
    ],
    ["jobs → the generated Prisma client", "src/jobs/planted.ts", use("../store/generated/client.ts"), /"jobs" to elements of type "prisma-client"/],
    ["core → @prisma/client", "src/core/planted.ts", use("@prisma/client"), /Prisma stops at store\/: core may not import @prisma\/client/],
    ["console → @prisma/client/runtime", "src/console/planted.ts", use("@prisma/client/runtime/client"), /Prisma stops at store\/: console/],
    ["composition root → @prisma/client", "src/app.ts", use("@prisma/client"), /Prisma stops at store\/: the composition root may not import @prisma\/client/],
    ["core → grammy", "src/core/planted.ts", use("grammy"), /core is framework-free: it may not import grammy/],
    ["core → hono/jsx", "src/core/planted.ts", use("hono/jsx"), /core is framework-free: it may not import hono/],
    ["core → pg-boss", "src/core/planted.ts", use("pg-boss"), /framework-free: it may not import pg-boss/],
    ["shared → axios", "src/shared/planted.ts", use("axios"), /shared is framework-free: it may not import axios/],
    ["a file outside every layer", "src/newlayer/planted.ts", "export const x = 1;\n", /does not match any file pattern/],
  ])("%s", async (_name, filePath, code, expected) => {
    const errors = await boundaryErrors(filePath, code);
    expect(errors, errors.join("\n")).toHaveLength(1);
    expect(errors[0]).toMatch(expected);
  });
});

describe("layer rules: legal imports pass", () => {
  it.each([
    ["channels → core and shared", "src/channels/planted.ts", use("../core/ports.ts", "../shared/logging/logger.ts")],
    ["store → config, core, generated client and @prisma", "src/store/planted.ts", use("../config/env.ts", "./generated/client.ts", "@prisma/client")],
    ["console → core, shared and hono", "src/console/planted.ts", use("../core/ports.ts", "hono")],
    ["core → its own folder, shared and zod", "src/core/planted.ts", use("./ports.ts", "../shared/text/fold.ts", "zod")],
    [
      "composition root → channels, store, web and another root file",
      "src/main.ts",
      use("./channels/telegram/index.ts", "./store/index.ts", "./web/app.ts", "./app.ts"),
    ],
    ["tests are free", "test/unit/planted.test.ts", use("../../src/store/index.ts", "../../src/channels/telegram/index.ts", "@prisma/client")],
  ])("%s", async (_name, filePath, code) => {
    expect(await boundaryErrors(filePath, code)).toEqual([]);
  });
});
