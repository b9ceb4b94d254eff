import { readTable } from "../../analysis/table";
import { findingJson, findingsLayout, runDataChecks, summaryLine } from "../../report/data-checks";
import { localDate, resolveReportRange } from "../../report/report-model";
import { newSheetName } from "../../report/sheet-name";
import { sheetNames, writeLayout } from "../../host/xlsx/xlsx-report";
import { openWorkbook, saveWorkbook } from "../../host/xlsx/xlsx-source";
import { VALIDATE_CHECKS_USAGE, VALIDATE_RULE_USAGE } from "../command-help";
import { InputError, UsageError } from "../cli-errors";
import {
  stringOption,
  workbookPath,
  type CliCommand,
  type CommandContext,
  type CommandResult,
} from "../command";
import { BULK_OPTIONS, runBulkCommand } from "./bulk";

const RULE_USAGE = VALIDATE_RULE_USAGE;
const CHECKS_USAGE = VALIDATE_CHECKS_USAGE;

/** Options that only mean something for a model rule. */
const RULE_ONLY = ["with-reason", "target", "overwrite", "cache", "concurrency"];

export const validateCommand: CliCommand = {
  options: {
    ...BULK_OPTIONS,
    rule: { type: "string" },
    "with-reason": { type: "boolean" },
    sheet: { type: "string" },
  },
  async run(context) {
    const rule = stringOption(context, "rule");
    if (!rule) return runDataCheckCommand(context);
    if (stringOption(context, "sheet") !== undefined) {
      throw new UsageError(
        `--sheet is for the data checks; with --rule give --range. Usage: excel-slm ${RULE_USAGE}`,
      );
    }
    const withReason = context.values["with-reason"] === true;
    const counts = { valid: 0, invalid: 0 };
    return runBulkCommand(context, {
      usage: RULE_USAGE,
      verb: "check",
      spec: async () => ({ kind: "validate", rule, withReason }),
      summary: {
        add(result) {
          if (result.value === true) counts.valid++;
          else counts.invalid++;
        },
        json: () => ({ ...counts }),
      },
    });
  },
};

/** The deterministic data checks over a range (or a sheet's used range); findings go to a new sheet in --out. */
async function runDataCheckCommand(context: CommandContext): Promise<CommandResult> {
  const file = workbookPath(context, CHECKS_USAGE);
  const misplaced = RULE_ONLY.find((name) => context.values[name] !== undefined);
  if (misplaced) {
    throw new UsageError(`--${misplaced} only applies with --rule. Usage: excel-slm ${RULE_USAGE}`);
  }
  const out = stringOption(context, "out");
  const opened = await openWorkbook(file);
  const range = await resolveReportRange(opened.host, {
    sheet: stringOption(context, "sheet") ?? opened.activeSheet,
    range: stringOption(context, "range"),
  });
  const table = await readTable(opened.host, range);
  if (table.grid.length < 2) {
    throw new InputError(`${range} has no data rows under its header: there is nothing to check.`);
  }
  const today = new Date();
  const result = runDataChecks(table, range, { today });
  let sheet: string | null = null;
  if (out) {
    sheet = newSheetName("Checks", table.sheet ?? "", localDate(today), sheetNames(opened.workbook));
    writeLayout(opened.workbook, sheet, findingsLayout(result, localDate(today)));
    await saveWorkbook(opened, out);
  }
  const json = {
    mode: "data-checks",
    range,
    rows: result.rows,
    columns: result.columns,
    counts: result.counts,
    findings: result.findings.map(findingJson),
    omitted: result.omitted,
    out: out ?? null,
    sheet,
  };
  const shown = result.findings.slice(0, 20);
  const lines = [
    summaryLine(result),
    ...shown.map((f) => `  ${f.address}  ${f.severity}  ${f.kind}: ${f.reason}`),
    ...(result.findings.length > shown.length
      ? [`  … ${result.findings.length - shown.length} more (use --json or --out for the full list)`]
      : []),
    ...(sheet ? [`Wrote the findings to sheet "${sheet}" in ${out}.`] : []),
  ];
  return { text: lines.join("\n"), json };
}
