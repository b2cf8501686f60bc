/**
 * Tells this process's listeners (the monitoring rules) that events were recorded and
 * committed, so they are evaluated as they arrive instead of by polling.
 */
export class ActivitySignal {
  readonly #listeners = new Set<() => void>();

  notify(): void {
    for (const listener of this.#listeners) {
      listener();
    }
  }

  /** Returns what unsubscribes. */
  subscribe(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }
}
