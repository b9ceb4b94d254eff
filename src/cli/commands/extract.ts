import { requiredOption, type CliCommand } from "../command";
import { BULK_OPTIONS, runBulkCommand } from "./bulk";

const USAGE =
  "extract <workbook.xlsx> --range 'Data!B2:B500' --field 'invoice number' --out out.xlsx [--target 'Data!C2'] [--overwrite] [--cache dir]";

export const extractCommand: CliCommand = {
  summary: 'Extract a field from each text ("" where it is absent).',
  usage: USAGE,
  options: { ...BULK_OPTIONS, field: { type: "string" } },
  async run(context) {
    const field = requiredOption(context, "field", "'invoice number'");
    let found = 0;
    return runBulkCommand(context, {
      usage: USAGE,
      verb: "extract from",
      spec: async () => ({ kind: "extract", what: field }),
      summary: {
        add(result) {
          if (result.value !== "") found++;
        },
        json: () => ({ found }),
      },
    });
  },
};
