// How the app's TypeScript runs without a build step: Node strips the types of the .ts files itself
// (erasable syntax only, tsconfig's erasableSyntaxOnly), and this hook compiles the .tsx views (hono/jsx)
// with esbuild as they load. Loaded before the app with `node --import ./src/load-tsx.ts`.
// Not tsx: its loader names every function made at run time (esbuild's keepNames, an
// Object.defineProperty per closure), which cost CPU and garbage on every message (bench/RESULTS.md).
import { readFileSync } from "node:fs";
import { registerHooks } from "node:module";
import { fileURLToPath } from "node:url";
import { stop, transformSync } from "esbuild";

/** esbuild's compiler (a worker thread and a child process) is stopped this long after the last view loaded. */
const IDLE_STOP_MS = 1_000;
let idle: NodeJS.Timeout | undefined;

registerHooks({
  load(url, context, nextLoad) {
    if (!url.startsWith("file:") || !url.endsWith(".tsx")) return nextLoad(url, context);
    const file = fileURLToPath(url);
    const { code } = transformSync(readFileSync(file, "utf8"), {
      loader: "tsx",
      format: "esm",
      jsx: "automatic",
      jsxImportSource: "hono/jsx",
      target: "es2024",
      sourcefile: file,
      sourcemap: "inline",
    });
    // The views load at start-up: then the compiler is not needed (a later import starts it again).
    clearTimeout(idle);
    idle = setTimeout(() => void stop(), IDLE_STOP_MS).unref();
    return { format: "module", source: code, shortCircuit: true };
  },
});
