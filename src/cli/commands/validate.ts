import { ruleCheckTask, type RuleVerdict } from "../../tasks/rule-check";
import { UsageError } from "../cli-errors";
import { stringOption, type CliCommand } from "../command";
import { BULK_OPTIONS, makeClientAndModel, runBulkCommand } from "./bulk";

const USAGE =
  "validate <workbook.xlsx> --range 'Data!B2:B500' --rule 'is a valid EU VAT number' --out out.xlsx [--with-reason] [--target 'Data!C2'] [--overwrite] [--cache dir]";

export const validateCommand: CliCommand = {
  summary: "Check each value against a plain-language rule (TRUE/FALSE, optional reason).",
  usage: USAGE,
  options: { ...BULK_OPTIONS, rule: { type: "string" }, "with-reason": { type: "boolean" } },
  async run(context) {
    const rule = stringOption(context, "rule");
    if (!rule) {
      throw new UsageError(
        `--rule is required, e.g. --rule 'mentions a refund' (data-quality checks without a rule are not built yet). Usage: excel-slm ${USAGE}`,
      );
    }
    const withReason = context.values["with-reason"] === true;
    return runBulkCommand<RuleVerdict>(context, {
      usage: USAGE,
      verb: "check",
      width: withReason ? 2 : 1,
      async makeTask(ctx) {
        const { llm, model } = makeClientAndModel(ctx);
        return ruleCheckTask(llm, model, rule);
      },
      render: (verdict) => (withReason ? [verdict.valid, verdict.reason] : [verdict.valid]),
      summarise: (results) => ({
        valid: results.filter((v) => v.valid).length,
        invalid: results.filter((v) => !v.valid).length,
      }),
    });
  },
};
