import type { ExcelBatch } from "./excel-sheet-host";

/** How long the selection must rest before the Ask tab re-reads: dragging across cells fires many events. */
export const ASK_SELECTION_SETTLE_MS = 250;

/**
 * Calls `onChange` after each settled change of the workbook's selection, so the Ask tab can say
 * what it will read without a "use selection" button. Returns a stop function. When the host has
 * no selection events (older Excel), nothing is followed and the stop function does nothing.
 */
export function watchSelectionSettled(
  run: ExcelBatch,
  onChange: () => void,
  settleMs = ASK_SELECTION_SETTLE_MS,
): () => void {
  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let registration: { remove(): void } | null = null;
  const changed = () => {
    if (timer !== undefined) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = undefined;
      if (!stopped) onChange();
    }, settleMs);
  };
  run(async (context) => {
    const added = context.workbook.onSelectionChanged.add(async () => changed());
    await context.sync();
    return added;
  }).then(
    (added) => {
      if (stopped) added.remove();
      else registration = added;
    },
    // No selection events in this host: the tab reads the selection when it opens and when asked.
    () => undefined,
  );
  return () => {
    stopped = true;
    if (timer !== undefined) clearTimeout(timer);
    registration?.remove();
  };
}
