import { createInterface } from "node:readline";
import { tableFromRange } from "../../analysis/table";
import { XlsxWorkbook } from "../../host/xlsx/xlsx-workbook";
import { parseRangeAddress } from "../../sheet/a1";
import { DataConversation, type DataAnswer, type DataOutcome } from "../../tasks/ask-conversation";
import { formatResultCell } from "../../ask-data/answer-facts";
import { COMMAND_HELP } from "../command-help";
import { InputError, UsageError } from "../cli-errors";
import { cloudRouterFrom, CLOUD_OPTIONS } from "../cloud-setup";
import {
  modelFrom,
  ollamaClientFrom,
  settingsFrom,
  stringOption,
  workbookPath,
  type CliCommand,
  type CommandContext,
} from "../command";

/**
 * `excel-slm chat <workbook.xlsx> [--sheet S | --range 'S!A1:H500']`: a conversation about one
 * table (tasks/ask-conversation.ts). On a terminal it is readline with history; otherwise it reads
 * one question per line from stdin and answers each in order, with the same memory. --json prints
 * one JSON object per answer per line. A failure (Ollama down) ends the run with the usual exit code.
 */

const USAGE = COMMAND_HELP.chat.usage;

export const chatCommand: CliCommand = {
  options: { sheet: { type: "string" }, range: { type: "string" }, ...CLOUD_OPTIONS },
  async run(context) {
    const file = workbookPath(context, USAGE);
    const json = context.values.json === true;
    const workbook = await XlsxWorkbook.open(file);
    const address = await tableAddress(workbook, context);
    const grid = await workbook.readRange(address);
    const llm = ollamaClientFrom(context);
    const model = modelFrom(context);
    const escalation = stringOption(context, "cloud")
      ? { gate: (await cloudRouterFrom(context)).router, preapproved: context.values.yes === true }
      : undefined;
    const range = parseRangeAddress(address);
    const conversation = new DataConversation({
      llm,
      model,
      table: tableFromRange(address, grid),
      address,
      contextTokens: settingsFrom(context).numCtx,
      formulaSource: { host: workbook, sheet: range.sheet ?? "", range: address },
      ...(escalation ? { escalation } : {}),
    });

    const interactive = process.stdin.isTTY === true && !json;
    const lines = createInterface({
      input: process.stdin,
      output: interactive ? process.stdout : undefined,
      terminal: interactive,
      historySize: 100,
    });
    if (interactive) {
      context.io.stdout(
        `Reading ${address} (${grid.length - 1} data rows). Ask a question; "clear" forgets, Ctrl+D ends.`,
      );
      lines.setPrompt("> ");
      lines.prompt();
    }
    let answered = 0;
    try {
      for await (const line of lines) {
        const question = line.trim();
        if (question === "clear" && interactive) {
          conversation.clear();
        } else if (question) {
          const outcome = await conversation.ask(question);
          context.io.stdout(json ? JSON.stringify(jsonLine(outcome)) : textOf(outcome));
          answered++;
        }
        if (interactive) lines.prompt();
      }
    } finally {
      lines.close();
    }
    if (answered === 0 && !interactive) {
      throw new UsageError(
        "No question on stdin: pipe one question per line, e.g. printf 'total revenue by region\\n' | excel-slm chat wb.xlsx",
      );
    }
    return { text: "", json: {}, printed: true };
  },
};

async function tableAddress(workbook: XlsxWorkbook, context: CommandContext): Promise<string> {
  const range = stringOption(context, "range");
  const sheet = stringOption(context, "sheet");
  if (range && sheet) throw new UsageError("Give --sheet or --range, not both.");
  if (range) {
    if (parseRangeAddress(range).sheet === undefined) {
      throw new UsageError(`--range needs its sheet, e.g. 'Data!A1:H500' (got "${range}").`);
    }
    return range;
  }
  const sheets = await workbook.listSheets();
  const name = sheet ?? sheets[0];
  if (!name) throw new InputError("The workbook has no sheets.");
  const used = await workbook.usedRange(name);
  if (!used) throw new InputError(`Sheet "${name}" is empty: there is no table to ask about.`);
  return used.includes("!") ? used : `${name}!${used}`;
}

function jsonLine(outcome: DataOutcome): Record<string, unknown> {
  if (outcome.status === "needs-consent") {
    return {
      ok: false,
      command: "chat",
      question: outcome.question,
      status: "needs-consent",
      provider: outcome.consent.provider,
      message:
        "Sending this question to the cloud model needs your consent: rerun with --yes, or use --escalate auto.",
    };
  }
  const a: DataAnswer = outcome.answer;
  return {
    ok: true,
    command: "chat",
    question: a.question,
    answer: a.answer,
    check: a.check,
    unsupported: a.unsupported,
    plan: a.plan,
    planWords: a.planWords,
    result: a.result && {
      columns: a.result.columns,
      rows: a.result.rows,
      rowsIncluded: a.result.rowsIncluded,
      rowsTotal: a.result.rowsTotal,
      rowsOmitted: a.result.rowsOmitted,
      notes: a.result.notes,
    },
    numbers: a.result?.numbers ?? [],
    formula: a.formula,
    source: a.source,
    model: a.model,
    tokens: a.tokens,
    memory: a.memory,
    wallMs: a.wallMs,
  };
}

function textOf(outcome: DataOutcome): string {
  if (outcome.status === "needs-consent") {
    return `This question needs the cloud model (${outcome.consent.provider}); rerun with --yes to allow it, or use --escalate auto.`;
  }
  const a = outcome.answer;
  const lines = [a.answer];
  if (a.check === "rewritten") {
    lines.push(
      `  (The model's answer stated numbers that were not computed${a.unsupported.length ? `: ${a.unsupported.join(", ")}` : ""}; this one is written from the computed facts.)`,
    );
  }
  if (a.result) {
    lines.push(`  computed: ${a.planWords} (${a.result.rowsIncluded} of ${a.result.rowsTotal} rows)`);
    if (a.result.rows.length > 1) {
      lines.push(`  ${a.result.columns.join(" | ")}`);
      for (const row of a.result.rows.slice(0, 20))
        lines.push(`  ${row.map((cell) => formatResultCell(cell)).join(" | ")}`);
    }
    for (const note of a.result.notes) lines.push(`  note: ${note}`);
  }
  if (a.formula?.status === "verified") lines.push(`  formula: ${a.formula.formula.formula}`);
  lines.push(`  (${a.source}: ${a.model})`);
  return lines.join("\n");
}
