import { useCallback, useEffect, useRef, useState } from "react";

/** A message under the question box: what happened, in the pane's words. */
export interface AskNotice {
  intent: "error" | "info";
  text: string;
}

/**
 * One question at a time with Stop: hands the work an abort signal, reports the running state to
 * the tab list (its badge while hidden), and aborts when the pane closes. Kept to the Ask tab's
 * needs so it can give way to a shared run/abort hook when the pane has one.
 */
export function useAskRun(reportRunning: (running: boolean) => void) {
  const [running, setRunning] = useState(false);
  const [stopping, setStopping] = useState(false);
  const controller = useRef<AbortController | null>(null);

  useEffect(() => reportRunning(running), [running, reportRunning]);
  useEffect(() => () => controller.current?.abort(), []);

  const run = useCallback(async <T>(work: (signal: AbortSignal) => Promise<T>) => {
    controller.current?.abort();
    const abort = new AbortController();
    controller.current = abort;
    setRunning(true);
    setStopping(false);
    try {
      return { value: await work(abort.signal), stopped: false };
    } catch (error) {
      if (abort.signal.aborted) return { value: undefined, stopped: true };
      throw error;
    } finally {
      if (controller.current === abort) {
        controller.current = null;
        setRunning(false);
        setStopping(false);
      }
    }
  }, []);

  const stop = useCallback(() => {
    setStopping(true);
    controller.current?.abort();
  }, []);

  return { running, stopping, run, stop };
}

/** Moves focus to the element when `key` changes to a new non-null value while the tab shows. */
export function useFocusWhen<T extends HTMLElement>(key: unknown, active: boolean) {
  const ref = useRef<T | null>(null);
  useEffect(() => {
    if (key === null || key === undefined || !active) return;
    const frame = requestAnimationFrame(() => ref.current?.focus());
    return () => cancelAnimationFrame(frame);
  }, [key, active]);
  return ref;
}
