import { COMMAND_HELP } from "../command-help";
import { requiredOption, type CliCommand } from "../command";
import { BULK_OPTIONS, runBulkCommand } from "./bulk";

const USAGE = COMMAND_HELP.extract.usage;

export const extractCommand: CliCommand = {
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
