// Shared pieces of the fuzz tests, part 1: hostile JSON text, "one field mutated" bodies, raw bytes
// (part 2, fuzz-watch.ts: the watchers and the end-of-run check). Bodies are generated as JSON TEXT, not
// objects, so they can hold what JSON.stringify cannot produce: arrays nested 60,000 deep, "__proto__"
// keys, invalid UTF-8 bytes.
//
// Reproducing a failure: fast-check prints `seed` and `path`; run again with FUZZ_SEED=<seed> (and
// FUZZ_PATH=<path> to jump to the failing case). FUZZ_RUNS_FACTOR scales the number of runs (e.g. 10 for
// a long local run), FUZZ_SHRINK=1 shrinks the counterexample (slow through the whole app).
import fc from "fast-check";

export const FUZZ_SEED = Number(process.env.FUZZ_SEED ?? 20261130);

/** Parameters for fc.assert: deterministic seed, modest runs, no shrinking unless asked. */
export function fuzzParameters(numRuns: number): fc.Parameters<unknown> {
  return {
    seed: FUZZ_SEED,
    numRuns: Math.max(1, Math.round(numRuns * Number(process.env.FUZZ_RUNS_FACTOR ?? 1))),
    endOnFailure: process.env.FUZZ_SHRINK !== "1",
    ...(process.env.FUZZ_PATH ? { path: process.env.FUZZ_PATH } : {}),
  };
}

/** A request body with a short description, so a failure report stays readable (bodies reach 1 MB). */
export interface FuzzBody {
  label: string;
  body: string | Uint8Array<ArrayBuffer>;
}

export function describeBody(b: FuzzBody): string {
  const size = typeof b.body === "string" ? b.body.length : b.body.byteLength;
  const head = typeof b.body === "string" ? b.body.slice(0, 160) : Buffer.from(b.body.subarray(0, 80)).toString("hex");
  return `${b.label} (${size} ${typeof b.body === "string" ? "chars" : "bytes"}): ${head}${size > 160 ? "…" : ""}`;
}

function withDescription(b: FuzzBody): FuzzBody {
  return Object.assign(b, { [fc.toStringMethod]: () => describeBody(b) });
}

/**
 * Deeply nested arrays only: what once made grammY leak a request timer. The window that leaked was narrow
 * (deep enough for JSON.stringify to overflow the stack, shallow enough for grammY's own recursive scan to
 * pass: about 2,000 to 4,000 levels here, depending on the stack in use), so depths are spread over both ranges.
 */
export const deepNest: fc.Arbitrary<string> = fc
  .oneof({ weight: 3, arbitrary: fc.integer({ min: 1_000, max: 8_000 }) }, { weight: 1, arbitrary: fc.integer({ min: 8_000, max: 30_000 }) })
  .map((n) => `${"[".repeat(n)}"x"${"]".repeat(n)}`);

/** Keys that break naive code: prototype names, our own field names, odd strings. */
export const hostileKey: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    "__proto__",
    "constructor",
    "prototype",
    "toString",
    "valueOf",
    "hasOwnProperty",
    "then",
    "length",
    "update_id",
    "message",
    "chat",
    "id",
    "text",
    "",
  ),
  fc.string({ maxLength: 12 }),
);

const scalar = fc.oneof(
  fc.constantFrom("null", "true", "false", "0", "-0", "-1", "1.5", "1e308", "-1e308", "9007199254740993", "18446744073709551616", '""', "[]", "{}"),
  fc.integer().map(String),
  fc.string({ unit: "binary", maxLength: 40 }).map((s) => JSON.stringify(s)),
);

/** The big ones: deep nesting and long strings, sized to stay under the webhooks' body limits. */
export function bigValue(maxChars: number): fc.Arbitrary<string> {
  const upTo = (limit: number, share: number): number => Math.max(2, Math.floor(Math.min(limit, maxChars / share)));
  return fc.oneof(
    fc.integer({ min: 2, max: upTo(60_000, 2) }).map((n) => `${"[".repeat(n)}"x"${"]".repeat(n)}`),
    fc.integer({ min: 2, max: upTo(20_000, 6) }).map((n) => `${'{"a":'.repeat(n)}1${"}".repeat(n)}`),
    fc.integer({ min: 1, max: upTo(Infinity, 3) }).map((n) => JSON.stringify("ệ".repeat(n))),
    fc.integer({ min: 1, max: upTo(200_000, 2) }).map((n) => `[${"0,".repeat(n)}0]`),
    fc.integer({ min: 1, max: upTo(5_000, 7) }).map((n) => `"${"\\ud800".repeat(n)}"`), // lone surrogates, escaped
  );
}

/** Any JSON text, small and nested, with hostile keys; sometimes one big value inside. */
export function hostileJson(maxChars: number): fc.Arbitrary<string> {
  const { value } = fc.letrec<{ value: string }>((tie) => ({
    value: fc.oneof(
      { depthSize: "small", maxDepth: 4 },
      scalar,
      fc.array(tie("value"), { maxLength: 4 }).map((xs) => `[${xs.join(",")}]`),
      fc.array(fc.tuple(hostileKey, tie("value")), { maxLength: 5 }).map((kvs) => `{${kvs.map(([k, v]) => `${JSON.stringify(k)}:${v}`).join(",")}}`),
    ),
  }));
  return fc.oneof({ weight: 4, arbitrary: value }, { weight: 1, arbitrary: bigValue(maxChars) });
}

/** Arbitrary JSON bodies: top-level values of every kind, objects with hostile keys. */
export function arbitraryJsonBody(maxChars: number): fc.Arbitrary<FuzzBody> {
  return hostileJson(maxChars).map((body) => withDescription({ label: "arbitrary JSON", body }));
}

/** Every path to a value in a JSON-like object (objects and arrays), the root excluded. */
function pathsOf(value: unknown, prefix: Array<string | number> = []): Array<Array<string | number>> {
  if (typeof value !== "object" || value === null) return [];
  const entries: Array<[string | number, unknown]> = Array.isArray(value) ? value.map((v, i) => [i, v]) : Object.entries(value);
  return entries.flatMap(([k, v]) => [[...prefix, k], ...pathsOf(v, [...prefix, k])]);
}

const SENTINEL = "\u0000fuzz-sentinel\u0000";

/** JSON text of `base` with the value at `path` replaced by raw JSON text `replacement` (or a new key added). */
export function spliceJson(base: unknown, path: Array<string | number>, replacement: string, addKey?: string): string {
  const copy = structuredClone(base) as Record<string | number, unknown>;
  let parent: Record<string | number, unknown> = copy;
  for (const key of path.slice(0, -1)) parent = parent[key] as Record<string | number, unknown>;
  const last = path.at(-1)!;
  if (addKey !== undefined && typeof parent[last] === "object" && parent[last] !== null && !Array.isArray(parent[last])) {
    // A new key (e.g. "__proto__") inside the object at `path`; JSON.stringify cannot write "__proto__", the splice can.
    (parent[last] as Record<string, unknown>)[SENTINEL] = SENTINEL;
    return JSON.stringify(copy).replace(`${JSON.stringify(SENTINEL)}:${JSON.stringify(SENTINEL)}`, `${JSON.stringify(addKey)}:${replacement}`);
  }
  parent[last] = SENTINEL;
  return JSON.stringify(copy).replace(JSON.stringify(SENTINEL), replacement);
}

export interface MutationOptions {
  /** Last keys of the fields the product reads; mutated `focusShare` of the time (when present). */
  focus?: readonly string[];
  focusShare?: number;
  /** Replacement values (raw JSON text); hostileJson by default. */
  replacements?: fc.Arbitrary<string>;
}

/** A valid-looking body with exactly one field replaced by a hostile value, or one hostile key added. */
export function mutatedBody(valid: fc.Arbitrary<Record<string, unknown>>, maxChars: number, options: MutationOptions = {}): fc.Arbitrary<FuzzBody> {
  const focus = options.focus ?? [];
  const share = options.focusShare ?? 0.5;
  return fc
    .tuple(
      valid,
      fc.nat(),
      fc.double({ min: 0, max: 1, noNaN: true }),
      options.replacements ?? hostileJson(maxChars),
      fc.oneof({ weight: 4, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: hostileKey }),
    )
    .map(([base, pick, roll, replacement, addKey]) => {
      const all = pathsOf(base);
      const read = all.filter((p) => focus.includes(String(p.at(-1))));
      const paths = roll < share && read.length > 0 ? read : all;
      const path = paths[pick % paths.length]!;
      const body = spliceJson(base, path, replacement, addKey);
      const target = path.reduce<unknown>((o, k) => (o as Record<string | number, unknown>)[k], base);
      const added = addKey !== undefined && typeof target === "object" && target !== null && !Array.isArray(target);
      return withDescription({ label: `${added ? `key ${JSON.stringify(addKey)} added at` : "mutated"} ${path.join(".")}`, body });
    });
}

/** A valid-looking body whose bytes inside one string value are replaced by arbitrary (often invalid UTF-8) bytes. */
export function badUtf8Body(valid: fc.Arbitrary<Record<string, unknown>>): fc.Arbitrary<FuzzBody> {
  const badBytes = fc.oneof(
    fc.constantFrom([0xff], [0xc3, 0x28], [0xed, 0xa0, 0x80], [0xf4, 0x90, 0x80, 0x80], [0xe2, 0x82], [0xc0, 0xaf], [0x00], [0x22]),
    fc.array(fc.integer({ min: 0, max: 255 }), { minLength: 1, maxLength: 24 }),
  );
  return fc.tuple(valid, fc.nat(), badBytes).map(([base, pick, bytes]) => {
    const stringPaths = pathsOf(base).filter((p) => typeof p.reduce<unknown>((o, k) => (o as Record<string | number, unknown>)[k], base) === "string");
    const path = stringPaths[pick % Math.max(1, stringPaths.length)] ?? ["update_id"];
    const [head, tail] = spliceJson(base, path, '"\u0001"').split("\u0001") as [string, string];
    const body = new Uint8Array(Buffer.concat([Buffer.from(head, "utf8"), Buffer.from(bytes), Buffer.from(tail, "utf8")]));
    return withDescription({ label: `bad UTF-8 in ${path.join(".")}`, body });
  });
}

/** Raw bytes that are rarely JSON at all. */
export const rawBytesBody: fc.Arbitrary<FuzzBody> = fc
  .uint8Array({ maxLength: 2_048 })
  .map((bytes) => withDescription({ label: "raw bytes", body: new Uint8Array(bytes) }));
