import { extractTask } from "../../tasks/extract";
import { requiredOption, type CliCommand } from "../command";
import { BULK_OPTIONS, makeClientAndModel, runBulkCommand } from "./bulk";

const USAGE =
  "extract <workbook.xlsx> --range 'Data!B2:B500' --field 'invoice number' --out out.xlsx [--target 'Data!C2'] [--overwrite] [--cache dir]";

export const extractCommand: CliCommand = {
  summary: 'Extract a field from each text ("" where it is absent).',
  usage: USAGE,
  options: { ...BULK_OPTIONS, field: { type: "string" } },
  async run(context) {
    const field = requiredOption(context, "field", "'invoice number'");
    return runBulkCommand<string>(context, {
      usage: USAGE,
      verb: "extract from",
      width: 1,
      async makeTask(ctx) {
        const { llm, model } = makeClientAndModel(ctx);
        return extractTask(llm, model, field);
      },
      render: (value) => [value],
      summarise: (results) => ({ found: results.filter((value) => value !== "").length }),
    });
  },
};
