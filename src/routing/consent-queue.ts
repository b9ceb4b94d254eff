import type { ConsentRequest } from "./route-decision";

/**
 * Cloud requests that wait for the user. A cell cannot show a dialog, so a custom function in
 * "ask" mode files its request here and shows #N/A; the task pane lists the queue and the user
 * approves or declines each one there. Settling an entry runs the owner's follow-up (send, then
 * recalculate the cell) and removes it.
 */
export interface PendingConsent {
  id: string;
  /** Same key, same request: a cell that recalculates while waiting does not queue it twice. */
  key: string;
  task: string;
  /** The cell that asked, e.g. "Sheet1!C4"; null when not from a cell. */
  cell: string | null;
  /** One line for the list: what is asked, e.g. the formula to explain. */
  subject: string;
  consent: ConsentRequest;
  createdAt: string;
}

export interface ConsentFiling extends Omit<PendingConsent, "id" | "createdAt"> {
  /** Runs when the user decides; the entry leaves the queue once it has finished. */
  settle(approved: boolean): Promise<void>;
}

type Listener = (pending: readonly PendingConsent[]) => void;

export class ConsentQueue {
  private readonly entries = new Map<string, PendingConsent & Pick<ConsentFiling, "settle">>();
  private readonly listeners = new Set<Listener>();

  /** Files a request unless one with the same key is already waiting; returns the waiting entry. */
  file(filing: ConsentFiling): PendingConsent {
    this.dropExpired();
    const waiting = [...this.entries.values()].find((entry) => entry.key === filing.key);
    if (waiting) return this.publicView(waiting);
    const entry = { ...filing, id: crypto.randomUUID(), createdAt: new Date().toISOString() };
    this.entries.set(entry.id, entry);
    this.notify();
    return this.publicView(entry);
  }

  list(): PendingConsent[] {
    this.dropExpired();
    return [...this.entries.values()].map((entry) => this.publicView(entry));
  }

  /** Approve or decline; throws with a readable message if the entry is gone or its follow-up fails. */
  async settle(id: string, approved: boolean): Promise<void> {
    const entry = this.entries.get(id);
    if (!entry) throw new Error("This request is no longer waiting (it was settled or expired).");
    this.entries.delete(id);
    this.notify();
    await entry.settle(approved);
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private dropExpired(): void {
    const now = Date.now();
    let dropped = false;
    for (const [id, entry] of this.entries) {
      if (Date.parse(entry.consent.expiresAt) < now) {
        this.entries.delete(id);
        dropped = true;
      }
    }
    if (dropped) this.notify();
  }

  private publicView(entry: PendingConsent): PendingConsent {
    const { id, key, task, cell, subject, consent, createdAt } = entry;
    return { id, key, task, cell, subject, consent, createdAt };
  }

  private notify(): void {
    const snapshot = [...this.entries.values()].map((entry) => this.publicView(entry));
    this.listeners.forEach((listener) => listener(snapshot));
  }
}
