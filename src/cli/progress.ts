import type { BulkStats } from "../bulk/bulk-engine";

/**
 * Progress of a long run on stderr: a redrawn bar in a terminal, plain lines (at most one per
 * 10%) when stderr is a file or pipe, nothing for short runs.
 */
export function progressReporter(total: number, stream: NodeJS.WriteStream = process.stderr) {
  const started = Date.now();
  let lastDecile = -1;
  let lastDraw = 0;
  const tty = Boolean(stream.isTTY);
  return {
    update(stats: BulkStats) {
      if (total < 50) return;
      const done = Math.min(total, stats.completed + stats.failed);
      const fraction = done / total;
      const seconds = ((Date.now() - started) / 1000).toFixed(1);
      if (tty) {
        if (Date.now() - lastDraw < 100 && done < total) return;
        lastDraw = Date.now();
        const width = 30;
        const filled = Math.round(fraction * width);
        stream.write(
          `\r[${"#".repeat(filled)}${"-".repeat(width - filled)}] ${done}/${total} cells · ${stats.requests} requests · ${seconds}s`,
        );
        return;
      }
      const decile = Math.floor(fraction * 10);
      if (decile > lastDecile) {
        lastDecile = decile;
        stream.write(`progress: ${done}/${total} cells, ${stats.requests} model requests, ${seconds}s\n`);
      }
    },
    finish() {
      if (tty && total >= 50) stream.write("\n");
    },
  };
}
