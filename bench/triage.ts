// Danger triage against the hand-written evaluation set (test/fixtures/triage/*.jsonl): recall on
// crisis messages and false-alarm rate on calm ones, overall and per category, language, diacritics
// and shorthand, then every miss and false alarm, and the time spent matching.
// Run: npm run bench:triage
import os from "node:os";
import path from "node:path";
import { detectDanger, loadDangerCatalogue } from "../src/core/triage/index.ts";
import { EVAL_DIR, falseAlarmRate, loadEvalSet, recall, tally, tallyBy, type Example, type Outcome, type Tally } from "../test/fixtures/triage/eval-set.ts";

const pct = (x: number): string => `${(x * 100).toFixed(1)}%`;

function row(name: string, t: Tally): string {
  const r = t.crisis === 0 ? "      -" : `${pct(recall(t)).padStart(7)} (${t.caught}/${t.crisis})`;
  const f = t.calm === 0 ? "      -" : `${pct(falseAlarmRate(t)).padStart(7)} (${t.alarms}/${t.calm})`;
  return `  ${name.padEnd(16)} recall ${r.padEnd(18)} false alarms ${f}`;
}

function section(title: string, outcomes: Outcome[], key: (e: Example) => string): void {
  console.log(`\nby ${title}:`);
  for (const [k, t] of tallyBy(outcomes, key)) console.log(row(k, t));
}

const catalogue = loadDangerCatalogue();
const examples = loadEvalSet();
const detect = (text: string): boolean => detectDanger(text, catalogue).crisis;
for (const e of examples) detect(e.text); // warm-up

const started = process.hrtime.bigint();
const outcomes: Outcome[] = examples.map((example) => ({ example, predicted: detect(example.text) }));
const ms = Number(process.hrtime.bigint() - started) / 1e6;

// A caught crisis whose reported kind (which picks the first steps shown) is not its labelled category.
interface WrongKind {
  example: Example;
  kind: string;
}
function wrongKinds(list: readonly Example[]): WrongKind[] {
  return list.flatMap((example) => {
    if (example.label !== "crisis") return [];
    const { crisis, kind } = detectDanger(example.text, catalogue);
    return crisis && kind !== example.category ? [{ example, kind: kind ?? "none" }] : [];
  });
}
const caughtIn = (list: readonly Outcome[]): number => list.filter((o) => o.example.label === "crisis" && o.predicted).length;

console.log(`machine: ${os.availableParallelism()} cores (${os.cpus()[0]?.model ?? "cpu"}), node ${process.version}, ${new Date().toISOString().slice(0, 10)}`);
console.log(`messages: ${examples.length}; matching all of them took ${ms.toFixed(1)} ms (${((ms * 1000) / examples.length).toFixed(0)} µs each)`);
console.log(`\noverall:\n${row("all", tally(outcomes))}`);
section("category", outcomes, (e) => e.category);
section("language", outcomes, (e) => e.language);
section("diacritics", outcomes, (e) => (e.diacritics ? "with" : "without"));
section("shorthand", outcomes, (e) => (e.shorthand ? "shorthand" : "plain"));

const misses = outcomes.filter((o) => o.example.label === "crisis" && !o.predicted);
const alarms = outcomes.filter((o) => o.example.label === "calm" && o.predicted);
console.log(`\nmisses (${misses.length}):`);
for (const o of misses) console.log(`  [${o.example.category}] ${o.example.text}`);
console.log(`\nfalse alarms (${alarms.length}):`);
for (const o of alarms) console.log(`  [${o.example.category}] ${o.example.text}`);
const mainWrong = wrongKinds(examples);
console.log(`\nwrong kind (${mainWrong.length} of ${caughtIn(outcomes)} caught):`);
for (const w of mainWrong) console.log(`  [${w.example.category} → ${w.kind}] ${w.example.text}`);

// Smaller sets written after the rules (test/fixtures/triage/holdout/round-N.jsonl), each measured once
// before it was looked at: a rough check that the rules generalise. See bench/RESULTS.md for which
// rounds were later used to guide changes.
const holdout = loadEvalSet(path.join(EVAL_DIR, "holdout")).map((example) => ({ example, predicted: detect(example.text) }));
console.log(`\nheld-out rounds (test/fixtures/triage/holdout):`);
const holdoutWrong = wrongKinds(holdout.map((h) => h.example));
for (const [file, t] of tallyBy(holdout, (e) => e.file)) {
  const wrong = holdoutWrong.filter((w) => w.example.file === file).length;
  console.log(`${row(file, t)}   wrong kind ${wrong}/${t.caught}`);
}
for (const o of holdout.filter((h) => h.predicted !== (h.example.label === "crisis"))) {
  console.log(`  ${o.example.file} ${o.predicted ? "false alarm" : "miss"} [${o.example.category}] ${o.example.text}`);
}
for (const w of holdoutWrong) console.log(`  ${w.example.file} wrong kind [${w.example.category} → ${w.kind}] ${w.example.text}`);
