import type { PullProgress } from "../../../src/llm/ollama-client";

/** One moment of a pull, summed over the layers Ollama has announced so far. */
export interface PullSnapshot {
  /** Ollama's own words for the step: "pulling manifest", "verifying sha256 digest", ... */
  status: string;
  completedBytes: number;
  totalBytes: number;
  /** 0..1 while bytes are known; null before the first layer says its size. */
  fraction: number | null;
  done: boolean;
}

/**
 * Ollama streams one line per layer step ("pulling 6a0746a1ec1a" with that layer's completed and
 * total bytes). A progress bar for the whole model needs the layers summed, each counted once.
 */
export class PullProgressTracker {
  private readonly layers = new Map<string, { completed: number; total: number }>();
  private lastStatus = "";
  /** Ollama announces layers one after another: a new small layer must not move the bar backwards. */
  private highest = 0;

  update(progress: PullProgress): PullSnapshot {
    this.lastStatus = progress.status;
    if (progress.total !== undefined && progress.total > 0) {
      this.layers.set(progress.status, {
        completed: Math.min(progress.completed ?? 0, progress.total),
        total: progress.total,
      });
    }
    return this.snapshot();
  }

  snapshot(): PullSnapshot {
    let completedBytes = 0;
    let totalBytes = 0;
    for (const layer of this.layers.values()) {
      completedBytes += layer.completed;
      totalBytes += layer.total;
    }
    const done = this.lastStatus === "success";
    if (totalBytes > 0) this.highest = Math.max(this.highest, done ? 1 : completedBytes / totalBytes);
    return {
      status: this.lastStatus,
      completedBytes: done ? totalBytes : completedBytes,
      totalBytes,
      fraction: totalBytes > 0 ? this.highest : null,
      done,
    };
  }
}
