/**
 * The =SLM.* custom functions. Each is a thin call into the engine: the webpack metadata plugin
 * reads these JSDoc blocks to generate functions.json and registers every function declared here.
 * Function ids are stored in users' workbooks: never rename one.
 */
import { getAddinRuntime } from "../src/runtime/addin-runtime";
import { runCellCall, PREVIEW_PLACEHOLDER } from "../src/host/excel/custom-function-call";
import { ask as askModel } from "../src/tasks/ask";
import { gridFromCustomFunctionArgument, originOfAddress } from "../src/host/excel/custom-function-values";

/**
 * Asks the local model a question, optionally about a range of the sheet.
 * @customfunction ASK
 * @param prompt The question or instruction, e.g. "Summarise the trend".
 * @param [context] A range the question is about; its first row is read as headers.
 * @param invocation Invocation parameters.
 * @requiresParameterAddresses
 * @returns The model's answer as text.
 */
export async function ask(
  prompt: string,
  context?: unknown[][],
  invocation?: CustomFunctions.CancelableInvocation,
): Promise<string> {
  return runCellCall(
    invocation,
    async (signal) => {
      const runtime = await getAddinRuntime();
      const contextAddress = invocation?.parameterAddresses?.[1];
      const result = await askModel(
        runtime.llm,
        runtime.settings.model,
        {
          prompt: String(prompt ?? ""),
          context: context ? gridFromCustomFunctionArgument(context) : undefined,
          contextAddress,
          contextOrigin: contextAddress ? originOfAddress(contextAddress) : undefined,
        },
        signal,
      );
      return result.answer;
    },
    PREVIEW_PLACEHOLDER,
  );
}
