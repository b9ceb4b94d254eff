import type { CellRuntime } from "./cell-runtime";
import { modelFor } from "../../settings/settings";
import { ask } from "../../tasks/ask";
import { cellEscalation, fileCellConsent } from "./cell-consent";
import { gridFromCustomFunctionArgument, originOfAddress } from "./custom-function-values";

/**
 * The body of =SLM.ASK(prompt, [context]). A range too large for the local model may go to the
 * cloud model, as the user's policy allows; in "ask" mode the cell shows #N/A and waits in the
 * assistant's queue. A cloud answer says so in the cell: the data left the machine.
 */
export async function askForCell(
  runtime: CellRuntime,
  prompt: string,
  context: unknown[][] | undefined,
  invocation: Pick<CustomFunctions.Invocation, "address" | "parameterAddresses"> | undefined,
  signal: AbortSignal,
): Promise<string> {
  const contextAddress = invocation?.parameterAddresses?.[1];
  const model = modelFor(runtime.settings, "ask");
  const outcome = await ask(
    runtime.llm,
    model,
    {
      prompt,
      context: context ? gridFromCustomFunctionArgument(context) : undefined,
      contextAddress,
      contextOrigin: contextAddress ? originOfAddress(contextAddress) : undefined,
    },
    signal,
    {
      ...cellEscalation(runtime, invocation?.address),
      localContextTokens: () => runtime.llm.usableContext(model, signal),
    },
  );
  if (outcome.status === "needs-consent") {
    throw fileCellConsent(runtime, outcome, { cell: invocation?.address, subject: prompt });
  }
  const { answer, model: answeredBy } = outcome.result;
  return outcome.status === "cloud" ? `${answer} (cloud: ${answeredBy})` : answer;
}
