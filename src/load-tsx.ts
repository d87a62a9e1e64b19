// How the app's TypeScript runs without a build step or tsx: this hook, preloaded with
// `node --import ./src/load-tsx.ts`, has esbuild strip the types of each .ts file and compile the .tsx
// views (hono/jsx) as they load, then stops esbuild a second after the last one (a later import starts
// it again). Not tsx: its loader names every function made at run time (esbuild's keepNames, an
// Object.defineProperty per closure), which cost CPU and garbage on every message. Not Node's own type
// stripping: its compiler (swc in WebAssembly) stays in the process, about 35 MB of resident memory
// under load (bench/RESULTS.md, 2026-12-01). Stack traces point at the TypeScript (inline source maps).
import { readFileSync } from "node:fs";
import { registerHooks } from "node:module";
import { fileURLToPath } from "node:url";
import { stop, transformSync } from "esbuild";

/** esbuild (a worker thread and a child process) is stopped this long after the last file it compiled. */
const IDLE_STOP_MS = 1_000;
let idle: NodeJS.Timeout | undefined;

process.setSourceMapsEnabled(true);

registerHooks({
  load(url, context, nextLoad) {
    const tsx = url.endsWith(".tsx");
    if (!url.startsWith("file:") || !(tsx || url.endsWith(".ts")) || url.includes("/node_modules/")) return nextLoad(url, context);
    const file = fileURLToPath(url);
    const { code } = transformSync(readFileSync(file, "utf8"), {
      loader: tsx ? "tsx" : "ts",
      format: "esm",
      target: "es2024",
      sourcefile: file,
      sourcemap: "inline",
      ...(tsx ? { jsx: "automatic", jsxImportSource: "hono/jsx" } : {}),
    });
    clearTimeout(idle);
    idle = setTimeout(() => void stop(), IDLE_STOP_MS).unref();
    return { format: "module", source: code, shortCircuit: true };
  },
});
