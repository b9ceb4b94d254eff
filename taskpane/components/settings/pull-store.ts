import { useSyncExternalStore } from "react";
import { paneMessage } from "../../services/pane-words";
import { pullModel } from "../../services/settings";
import { PullProgressTracker, type PullSnapshot } from "./pull-progress";

export type PullState =
  | { phase: "idle" }
  | { phase: "pulling"; model: string; snapshot: PullSnapshot }
  | { phase: "done"; model: string }
  | { phase: "cancelled"; model: string }
  | { phase: "failed"; model: string; error: string };

/**
 * The one model pull of the pane. Kept outside the components, so switching tabs while a
 * multi-gigabyte pull runs neither stops it nor loses its progress.
 */
class ModelPulls {
  private state: PullState = { phase: "idle" };
  private controller: AbortController | null = null;
  private readonly listeners = new Set<() => void>();

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  readonly current = (): PullState => this.state;

  /** Starts pulling `model` (one pull at a time); `onPulled` runs once it is installed. */
  async start(model: string, onPulled: (model: string) => void): Promise<void> {
    if (this.controller) return;
    const controller = new AbortController();
    this.controller = controller;
    const tracker = new PullProgressTracker();
    this.set({ phase: "pulling", model, snapshot: tracker.snapshot() });
    try {
      await pullModel(
        model,
        (progress) => this.set({ phase: "pulling", model, snapshot: tracker.update(progress) }),
        controller.signal,
      );
      this.set({ phase: "done", model });
      onPulled(model);
    } catch (error) {
      this.set(
        controller.signal.aborted
          ? { phase: "cancelled", model }
          : { phase: "failed", model, error: paneMessage(error) },
      );
    } finally {
      this.controller = null;
    }
  }

  cancel(): void {
    this.controller?.abort();
  }

  dismiss(): void {
    if (!this.controller) this.set({ phase: "idle" });
  }

  private set(next: PullState): void {
    this.state = next;
    this.listeners.forEach((listener) => listener());
  }
}

export const modelPulls = new ModelPulls();

export function usePullState(): PullState {
  return useSyncExternalStore(modelPulls.subscribe, modelPulls.current);
}
