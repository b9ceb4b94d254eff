/**
 * `npm run bench -- checks`: precision and recall of the data checks (issue #19) on seeded,
 * generated tables (test/support/planted-problems.ts) with known problems planted at known cells,
 * and on the same tables without them. Each table goes through what `excel-slm validate` runs:
 * saved as .xlsx, opened by the exceljs host, its used range checked. A finding counts when it is a
 * warning or an error (notes are mentions, not claims of a problem) and is right when a problem of
 * its kind was planted at its cell.
 */
import type { DataFinding, DataFindingKind } from "../src/analysis/data-findings";
import { severityAtLeast } from "../src/analysis/finding";
import { checkLikeTheCli, plantedSuite, type PlantedProblem } from "../test/support/planted-problems";
import type { BenchmarkReport } from "./report";

const TARGETS = { recall: 0.95, precision: 0.9, perKind: 0.85 };

interface Score {
  planted: number;
  found: number;
  falseInPlanted: number;
  falseInClean: number;
  infos: number;
}

const emptyScore = (): Score => ({ planted: 0, found: 0, falseInPlanted: 0, falseInClean: 0, infos: 0 });

function score(scores: Map<DataFindingKind, Score>, kind: DataFindingKind): Score {
  let entry = scores.get(kind);
  if (!entry) scores.set(kind, (entry = emptyScore()));
  return entry;
}

const key = (kind: string, address: string) => `${kind} ${address}`;

function tally(
  scores: Map<DataFindingKind, Score>,
  findings: readonly DataFinding[],
  planted: readonly PlantedProblem[],
  clean: boolean,
  examples: string[],
): void {
  const flagged = new Set<string>();
  for (const finding of findings) {
    const entry = score(scores, finding.kind);
    if (!severityAtLeast(finding.severity, "warning")) {
      entry.infos++;
      continue;
    }
    flagged.add(key(finding.kind, finding.address));
    if (planted.some((p) => p.kind === finding.kind && p.address === finding.address)) continue;
    if (clean) entry.falseInClean++;
    else entry.falseInPlanted++;
    examples.push(
      `false ${finding.kind} at ${finding.address} (${JSON.stringify(finding.value)}): ${finding.reason}`,
    );
  }
  for (const problem of planted) {
    const entry = score(scores, problem.kind);
    entry.planted++;
    if (flagged.has(key(problem.kind, problem.address))) entry.found++;
    else examples.push(`missed ${problem.kind} at ${problem.address}: ${problem.what}`);
  }
}

const ratio = (a: number, b: number) => (b === 0 ? 1 : a / b);
const fixed = (n: number) => n.toFixed(3);

export async function run(): Promise<BenchmarkReport> {
  const pairs = plantedSuite();
  const scores = new Map<DataFindingKind, Score>();
  const examples: string[] = [];
  let rows = 0;
  for (const { clean, planted } of pairs) {
    tally(scores, await checkLikeTheCli(clean), [], true, examples);
    tally(scores, await checkLikeTheCli(planted), planted.planted, false, examples);
    rows += clean.rows;
  }
  for (const example of examples) console.error(example);
  const total = emptyScore();
  const table: (string | number)[][] = [];
  const failedTargets: string[] = [];
  for (const [kind, s] of [...scores].sort(([a], [b]) => a.localeCompare(b))) {
    const falses = s.falseInPlanted + s.falseInClean;
    const precision = ratio(s.found, s.found + falses);
    const recall = ratio(s.found, s.planted);
    for (const field of Object.keys(total) as (keyof Score)[]) total[field] += s[field];
    table.push([
      kind,
      s.planted,
      s.found,
      s.falseInPlanted,
      s.falseInClean,
      fixed(precision),
      fixed(recall),
      s.infos,
    ]);
    if (s.planted > 0 && recall < TARGETS.perKind)
      failedTargets.push(`${kind} recall ${fixed(recall)} < ${TARGETS.perKind}`);
    if (precision < TARGETS.perKind)
      failedTargets.push(`${kind} precision ${fixed(precision)} < ${TARGETS.perKind}`);
  }
  const falses = total.falseInPlanted + total.falseInClean;
  const precision = ratio(total.found, total.found + falses);
  const recall = ratio(total.found, total.planted);
  table.push([
    "overall",
    total.planted,
    total.found,
    total.falseInPlanted,
    total.falseInClean,
    fixed(precision),
    fixed(recall),
    total.infos,
  ]);
  if (recall < TARGETS.recall) failedTargets.push(`overall recall ${fixed(recall)} < ${TARGETS.recall}`);
  if (precision < TARGETS.precision)
    failedTargets.push(`overall precision ${fixed(precision)} < ${TARGETS.precision}`);
  const templates = new Set(pairs.map((pair) => pair.clean.template)).size;
  return {
    title: "checks: precision and recall of the data checks on planted problems",
    columns: [
      "kind",
      "planted",
      "found",
      "false (planted tables)",
      "false (clean tables)",
      "precision",
      "recall",
      "notes (info, not scored)",
    ],
    rows: table,
    notes: [
      `${pairs.length} generated tables (${templates} templates × ${pairs.length / templates} seeds, ${rows.toLocaleString("en-US")} data rows in all), each checked clean and with problems planted; seeded, so every run checks the same cells.`,
      "Each table goes through what `excel-slm validate` runs: written as .xlsx by exceljs, opened by the exceljs host, its used range read and checked (runDataChecks, uncapped).",
      "A finding counts when it is a warning or an error, and is right when a problem of its kind was planted at its cell. Notes (info) are listed but not scored.",
      `Targets: overall recall ≥ ${TARGETS.recall} and precision ≥ ${TARGETS.precision}, every kind ≥ ${TARGETS.perKind} on both. ${failedTargets.length ? `MISSED: ${failedTargets.join("; ")}` : "All met."}`,
    ],
    failedTargets,
  };
}
