import { COMMAND_HELP } from "../command-help";
import { XlsxWorkbook } from "../../host/xlsx/xlsx-workbook";
import { explainFormula, explainReport } from "../../tasks/explain";
import { InputError } from "../cli-errors";
import { cloudRouterFrom, CLOUD_OPTIONS } from "../cloud-setup";
import { modelFrom, ollamaClientFrom, requiredOption, workbookPath, type CliCommand } from "../command";

const USAGE = COMMAND_HELP.explain.usage;

export const explainCommand: CliCommand = {
  options: { cell: { type: "string" }, ...CLOUD_OPTIONS },
  async run(context) {
    const file = workbookPath(context, USAGE);
    const cell = requiredOption(context, "cell", "'Model!F12'");
    const workbook = await XlsxWorkbook.open(file);
    const formula = (await workbook.readFormulas(cell))[0]?.[0] ?? null;
    if (!formula) throw new InputError(`${cell} holds no formula, so there is nothing to explain.`);
    const { router, auditPath } = await cloudRouterFrom(context);
    const result = explainReport(
      await explainFormula(
        { llm: ollamaClientFrom(context), model: modelFrom(context) },
        { formula, cell },
        // In "ask" mode --yes is the consent: the CLI cannot ask.
        { gate: router, preapproved: context.values.yes === true },
      ),
    );
    const usage = await router.today();
    const json = { ...result, usageToday: usage, auditLog: auditPath };
    if (result.status === "needs-consent") {
      return {
        text:
          `Sending this formula to ${result.consent.provider} needs your consent under --escalate ask; nothing was sent. ` +
          `Rerun with --yes to approve, or use --escalate auto.`,
        json,
      };
    }
    const text =
      `${result.formula}\n${result.summary}\n` +
      result.steps.map((step, i) => `  ${i + 1}. ${step}`).join("\n") +
      `\n— answered by ${result.source === "cloud" ? "the cloud model" : "the local model"} ${result.model}: ${result.route.reasons.join(" ")}`;
    return { text, json };
  },
};
