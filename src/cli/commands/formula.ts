import { COMMAND_HELP } from "../command-help";
import { StreamedWorkbook } from "../../host/xlsx/streamed-workbook";
import { XlsxWorkbook } from "../../host/xlsx/xlsx-workbook";
import { parseRangeAddress, formatRangeAddress } from "../../sheet/a1";
import { checkCellWrite, writeCellsChecked } from "../../sheet/cell-write";
import { lazyCloudGate } from "../../routing/cloud-gate";
import { routeSummary } from "../../tasks/escalation";
import { formulaWithEscalation, type FormulaRequest } from "../../tasks/formula";
import { cloudRouterFrom, CLOUD_OPTIONS } from "../cloud-setup";
import { InputError, UsageError } from "../cli-errors";
import {
  modelFrom,
  ollamaClientFrom,
  requiredOption,
  stringOption,
  workbookPath,
  type CliCommand,
} from "../command";

const USAGE = COMMAND_HELP.formula.usage;

/** formula --write has no --overwrite: a formula goes only into an empty cell. */
const NEVER_OVERWRITE = { overwrite: false, remedy: "Choose an empty --cell." };

/** A plain error whose exit code is 1: the command ran, but no formula could be proven. */
class NoVerifiedFormula extends Error {
  override readonly name = "NoVerifiedFormula";
}

export const formulaCommand: CliCommand = {
  options: {
    sheet: { type: "string" },
    ask: { type: "string" },
    cell: { type: "string" },
    range: { type: "string" },
    table: { type: "string" },
    "no-xlookup": { type: "boolean" },
    write: { type: "boolean" },
    out: { type: "string" },
    "allow-unverified": { type: "boolean" },
    ...CLOUD_OPTIONS,
  },
  async run(context) {
    const file = workbookPath(context, USAGE);
    const sheet = requiredOption(context, "sheet", "Sales");
    const ask = requiredOption(context, "ask", "'total revenue for the West region'");
    const cell = stringOption(context, "cell");
    const write = context.values.write === true;
    const out = stringOption(context, "out");
    if (write && (!out || !cell))
      throw new UsageError(
        `--write needs --cell (where) and --out (the new file). Usage: excel-slm ${USAGE}`,
      );
    // Only --write needs exceljs' whole workbook (it saves a copy); a question only reads, so the
    // sheets the pipeline touches are streamed in as plain values (a 100,000-row sheet in ~150 MB, not > 1 GB).
    const workbook = write ? await XlsxWorkbook.open(file) : await StreamedWorkbook.open(file);
    if (!(await workbook.listSheets()).some((name) => name.toLowerCase() === sheet.toLowerCase())) {
      throw new InputError(
        `Sheet "${sheet}" was not found. The workbook's sheets are: ${(await workbook.listSheets()).map((s) => `"${s}"`).join(", ")}.`,
      );
    }
    const target = cell
      ? formatRangeAddress({ ...parseRangeAddress(cell), sheet: parseRangeAddress(cell).sheet ?? sheet })
      : null;
    if (write && target && workbook instanceof XlsxWorkbook) {
      // Refuse before asking the model: nothing of the user's is overwritten, and no model time is spent.
      checkCellWrite({ target, cells: [], scan: await workbook.scanTarget(target) }, NEVER_OVERWRITE);
    }
    const request: FormulaRequest = {
      host: workbook,
      sheet,
      ask,
      cell,
      range: stringOption(context, "range"),
      tableName: stringOption(context, "table"),
      xlookup: context.values["no-xlookup"] !== true,
    };
    // When no local formula is verified, the cloud model may try (--cloud, as --escalate allows); its
    // formula is proven on the sheet like a local one. The router loads only if it is needed.
    const escalation = stringOption(context, "cloud")
      ? {
          gate: lazyCloudGate(async () => (await cloudRouterFrom(context)).router),
          preapproved: context.values.yes === true,
        }
      : undefined;
    const outcome = await formulaWithEscalation(
      ollamaClientFrom(context),
      modelFrom(context),
      request,
      escalation,
    );
    // Waiting for consent cannot happen here (the CLI's "ask" runs only with --yes); if it did, the local result stands.
    const result = outcome.status === "needs-consent" ? outcome.local : outcome.result;
    const source = outcome.status === "cloud" ? "cloud" : "local";
    const escalated = routeSummary(outcome.decision);
    let written: string | null = null;
    if (
      write &&
      target &&
      workbook instanceof XlsxWorkbook &&
      result.formula &&
      (result.verified || context.values["allow-unverified"] === true)
    ) {
      await writeCellsChecked(workbook, target, [[{ formula: result.formula }]], NEVER_OVERWRITE);
      await workbook.save(out!);
      written = target;
    }
    const json = {
      status: result.status,
      formula: result.formula,
      verified: result.verified,
      value: result.preview,
      reason: result.reason,
      explanation: result.explanation,
      plan: result.plan,
      cell: result.cell,
      fillDown: result.fillDown,
      model: result.model,
      attempts: result.attempts.length,
      repairRounds: Math.max(0, result.attempts.length - 1),
      contextTokens: result.contextTokens,
      source,
      escalation: escalated,
      costUsd: outcome.status === "cloud" ? outcome.costUsd : null,
      written,
    };
    if (result.status === "no-verified-formula") {
      // When the policy kept it local (e.g. --escalate ask without --yes), say why in the message too.
      const why = escalated?.route === "local" ? ` ${escalated.reasons.join(" ")}` : "";
      const error = new NoVerifiedFormula(`${result.reason ?? "No verified formula."}${why}`);
      Object.assign(error, { json });
      throw error;
    }
    const value = Array.isArray(result.preview)
      ? `${result.preview.length} rows`
      : JSON.stringify(result.preview);
    const text =
      `${result.formula}\n` +
      (result.verified ? `verified: gives ${value} in ${result.cell}` : `NOT verified: ${result.reason}`) +
      `\n${result.explanation}` +
      (written
        ? `\nWritten to ${written} in ${out}.`
        : write
          ? "\nNot written: the formula is not verified (add --allow-unverified to write it anyway)."
          : "");
    return { text, json };
  },
};
