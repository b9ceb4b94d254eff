import { XlsxWorkbook } from "../../host/xlsx/xlsx-workbook";
import { parseRangeAddress } from "../../sheet/a1";
import { ask } from "../../tasks/ask";
import { routeSummary } from "../../tasks/escalation";
import { COMMAND_HELP } from "../command-help";
import { UsageError } from "../cli-errors";
import { cloudRouterFrom, CLOUD_OPTIONS } from "../cloud-setup";
import {
  modelFrom,
  ollamaClientFrom,
  requiredOption,
  stringOption,
  workbookPath,
  type CliCommand,
} from "../command";

const USAGE = COMMAND_HELP.ask.usage;

export const askCommand: CliCommand = {
  options: { ask: { type: "string" }, range: { type: "string" }, ...CLOUD_OPTIONS },
  async run(context) {
    const file = workbookPath(context, USAGE);
    const prompt = requiredOption(context, "ask", "'Summarise the sales by region'");
    const range = stringOption(context, "range");
    const workbook = await XlsxWorkbook.open(file);
    const grid = range ? await workbook.readRange(range) : undefined;
    const llm = ollamaClientFrom(context);
    const model = modelFrom(context);
    // A range too large for the local model may go to the cloud model, when --cloud is given. The
    // CLI cannot ask: its router runs "ask" only with --yes, which approves here.
    const escalation = stringOption(context, "cloud")
      ? {
          gate: (await cloudRouterFrom(context)).router,
          preapproved: context.values.yes === true,
          localContextTokens: () => llm.usableContext(model),
        }
      : undefined;
    const input = {
      prompt,
      context: grid,
      contextAddress: range,
      contextOrigin: range ? parseRangeAddress(range).start : undefined,
    };
    const outcome = await ask(llm, model, input, undefined, escalation);
    if (outcome.status === "needs-consent") {
      throw new UsageError(
        `Sending the range to ${outcome.consent.provider} needs your consent: rerun with --yes, or use --escalate auto.`,
      );
    }
    const result = outcome.result;
    const route = routeSummary(outcome.decision);
    const costUsd = outcome.status === "cloud" ? outcome.costUsd : null;
    // A range the local model got only part of, because the cloud was not used: say so and why
    // (the router's reasons say how to allow the cloud), so a partial answer is not taken as whole.
    const partial =
      outcome.status === "local" && route && result.contextRowsSent < result.contextRowsTotal
        ? `\n(Answered by the local model from ${result.contextRowsSent} of ${result.contextRowsTotal} rows. ` +
          `${route.reasons.join(" ")})`
        : "";
    return {
      text: result.answer + partial,
      json: {
        answer: result.answer,
        model: result.model,
        range: range ?? null,
        contextRowsSent: result.contextRowsSent,
        contextRowsTotal: result.contextRowsTotal,
        promptTokens: result.stats?.promptTokens ?? null,
        outputTokens: result.stats?.outputTokens ?? null,
        modelMs: result.stats ? Math.round(result.stats.totalMs) : null,
        source: outcome.status,
        route,
        costUsd,
      },
    };
  },
};
