import { XlsxWorkbook } from "../../host/xlsx/xlsx-workbook";
import { parseRangeAddress } from "../../sheet/a1";
import { ask } from "../../tasks/ask";
import {
  modelFrom,
  ollamaClientFrom,
  requiredOption,
  stringOption,
  workbookPath,
  type CliCommand,
} from "../command";

const USAGE = "ask <workbook.xlsx> --ask '<prompt>' [--range 'Sheet!A1:D20']";

export const askCommand: CliCommand = {
  summary: "Ask the local model a question, optionally about a range.",
  usage: USAGE,
  options: { ask: { type: "string" }, range: { type: "string" } },
  async run(context) {
    const file = workbookPath(context, USAGE);
    const prompt = requiredOption(context, "ask", "'Summarise the sales by region'");
    const range = stringOption(context, "range");
    const workbook = await XlsxWorkbook.open(file);
    const grid = range ? await workbook.readRange(range) : undefined;
    const llm = ollamaClientFrom(context);
    const model = modelFrom(context);
    const result = await ask(llm, model, {
      prompt,
      context: grid,
      contextAddress: range,
      contextOrigin: range ? parseRangeAddress(range).start : undefined,
    });
    return {
      text: result.answer,
      json: {
        answer: result.answer,
        model: result.model,
        range: range ?? null,
        contextRowsSent: result.contextRowsSent,
        contextRowsTotal: result.contextRowsTotal,
        promptTokens: result.stats.promptTokens,
        outputTokens: result.stats.outputTokens,
        modelMs: Math.round(result.stats.totalMs),
      },
    };
  },
};
