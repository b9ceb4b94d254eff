import { errorClass } from "../../errors/slm-error";

/**
 * The contract every =SLM.* cell keeps: it settles (never stuck at #BUSY!), cancelling the cell
 * aborts its HTTP request, value preview costs no model call, and every failure becomes
 * #N/A (a service problem) or #VALUE! (an input problem) with a message in the error tooltip.
 */

// Excel shows the message in the cell's error menu; long text is cut there anyway.
const MAX_CELL_MESSAGE = 250;

export function toCellError(error: unknown): CustomFunctions.Error {
  if (error instanceof CustomFunctions.Error) return error;
  const message = (error instanceof Error ? error.message : String(error)).slice(0, MAX_CELL_MESSAGE);
  // A service that did not answer (or a cancelled call) is #N/A; anything about the input or the
  // answer is #VALUE!.
  const errorKind = errorClass(error);
  const code =
    errorKind === "unavailable" || errorKind === "cancelled"
      ? CustomFunctions.ErrorCode.notAvailable
      : CustomFunctions.ErrorCode.invalidValue;
  return new CustomFunctions.Error(code, message);
}

function inValuePreview(invocation: CustomFunctions.Invocation | undefined): boolean {
  // Typed as a string in @types, a boolean at run time.
  const flag: unknown = invocation?.isInValuePreview;
  return flag === true || flag === "true";
}

export const VALUE_PREVIEW_TEXT = "(SLM runs this when you press Enter)";

export async function runCellCall<T>(
  invocation: CustomFunctions.CancelableInvocation | undefined,
  work: (signal: AbortSignal) => Promise<T>,
  previewValue: T,
): Promise<T> {
  if (inValuePreview(invocation)) return previewValue;
  const controller = new AbortController();
  if (invocation) invocation.onCanceled = () => controller.abort();
  try {
    return await work(controller.signal);
  } catch (error) {
    throw toCellError(error);
  }
}
